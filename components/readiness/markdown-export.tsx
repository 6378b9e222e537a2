'use client';

import { useId, useState } from 'react';
import { Button, buttonClass } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorState, Spinner } from '@/components/ui/states';
import { useMarkdownExport } from '@/hooks/use-readiness';
import { readinessExportUrl } from '@/lib/queries/readiness';

/**
 * "Export Markdown": shows the status table as Markdown, ready to copy into a handoff
 * document, with a download link to the same text.
 */
export function MarkdownExport({ branch }: { branch: string | null }) {
  const [open, setOpen] = useState(false);
  const query = useMarkdownExport(branch, open);
  const panelId = useId();
  const href = readinessExportUrl(branch);
  return (
    <div>
      <Button aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)} data-testid="markdown-export-toggle">
        {open ? 'Hide Markdown' : 'Export Markdown'}
      </Button>
      {open && (
        <div id={panelId} className="mt-2 space-y-2 rounded-lg border border-line bg-surface p-3" data-testid="markdown-export">
          <div className="flex items-center justify-between gap-2">
            <p className="text-sm text-fg-muted">The status table as Markdown, to paste into a handoff document.</p>
            <div className="flex items-center gap-1">
              {query.data && <CopyButton value={query.data} label="Copy Markdown" />}
              <a href={href} download="readiness.md" className={buttonClass({ size: 'sm', variant: 'secondary' })}>
                Download
              </a>
            </div>
          </div>
          {query.isPending ? (
            <Spinner label="Loading the Markdown" />
          ) : query.isError ? (
            <ErrorState title="The export could not be made" message={query.error.message} />
          ) : (
            <textarea
              readOnly
              aria-label="Readiness status as Markdown"
              value={query.data}
              rows={Math.min(24, query.data.split('\n').length + 1)}
              className="w-full rounded-md border border-line bg-canvas p-2 font-mono text-xs text-fg"
              data-testid="markdown-text"
            />
          )}
        </div>
      )}
    </div>
  );
}
