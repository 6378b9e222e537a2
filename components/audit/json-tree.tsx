'use client';

/**
 * A collapsible JSON tree built from native <details>/<summary> (keyboard and screen
 * reader support for free). Values are rendered as text, never as HTML; long arrays and
 * objects show their first entries with a count of the rest, so a huge payload cannot
 * flood the DOM.
 */
import { useState } from 'react';

const MAX_ENTRIES = 200;

function Primitive({ value }: { value: unknown }) {
  if (value === null) return <span className="text-fg-muted">null</span>;
  if (typeof value === 'string') return <span className="break-all text-emerald-800 dark:text-emerald-300">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="text-sky-800 dark:text-sky-300">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="text-indigo-800 dark:text-indigo-300">{String(value)}</span>;
  return <span className="text-fg-muted">{String(value)}</span>;
}

function Node({ name, value, depth, expandDepth }: { name?: string; value: unknown; depth: number; expandDepth: number }) {
  const isArray = Array.isArray(value);
  const isObject = value !== null && typeof value === 'object';
  const label = name !== undefined ? <span className="text-fg">{name}: </span> : null;
  if (!isObject) {
    return (
      <div className="pl-4">
        {label}
        <Primitive value={value} />
      </div>
    );
  }
  const entries: [string, unknown][] = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
  const summary = isArray ? `[${entries.length}]` : `{${entries.length}}`;
  if (entries.length === 0) {
    return (
      <div className="pl-4">
        {label}
        <span className="text-fg-muted">{isArray ? '[]' : '{}'}</span>
      </div>
    );
  }
  return (
    <details open={depth < expandDepth} className="pl-4">
      <summary className="cursor-pointer select-none marker:text-fg-muted">
        {label}
        <span className="text-fg-muted">{summary}</span>
      </summary>
      {entries.slice(0, MAX_ENTRIES).map(([k, v]) => (
        <Node key={k} name={k} value={v} depth={depth + 1} expandDepth={expandDepth} />
      ))}
      {entries.length > MAX_ENTRIES && <div className="pl-4 text-fg-muted">… {entries.length - MAX_ENTRIES} more</div>}
    </details>
  );
}

/** Renders `value` as an expandable tree; `expandDepth` levels start open. */
export function JsonTree({ value, expandDepth = 2, label }: { value: unknown; expandDepth?: number; label: string }) {
  const [key, setKey] = useState(0);
  const [depth, setDepth] = useState(expandDepth);
  return (
    <div>
      <div className="mb-1 flex gap-1">
        <button type="button" className="rounded px-1.5 py-0.5 text-xs text-fg-muted hover:bg-surface-2 hover:text-fg" onClick={() => { setDepth(99); setKey((k) => k + 1); }}>
          Expand all
        </button>
        <button type="button" className="rounded px-1.5 py-0.5 text-xs text-fg-muted hover:bg-surface-2 hover:text-fg" onClick={() => { setDepth(1); setKey((k) => k + 1); }}>
          Collapse
        </button>
      </div>
      <div role="group" aria-label={label} className="-ml-4 overflow-x-auto font-mono text-xs leading-5" key={key}>
        <Node value={value} depth={0} expandDepth={depth} />
      </div>
    </div>
  );
}
