'use client';

/**
 * The events inside the zoom window as a virtualized list (only the rows on screen are in
 * the DOM). A listbox: ↑/↓ move the selection, which the timeline and side panel follow.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { OutcomeBadge } from '@/components/audit/outcome-badge';
import { formatDuration } from '@/lib/executions/duration';
import { visibleRange, type TimelineModel, type TimeWindow } from '@/lib/audit/timeline';

const ROW = 30;

export function EventList({ model, window: w, selected, onSelect }: { model: TimelineModel; window: TimeWindow; selected: number; onSelect: (index: number) => void }) {
  const [start, end] = visibleRange(model.times, w);
  const count = Math.max(0, end - start);
  const parent = useRef<HTMLDivElement>(null);
  // useVirtualizer hands back fresh functions each render, so the React Compiler skips this
  // component; nothing here depends on memoizing them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({ count, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 12 });

  useEffect(() => {
    if (selected >= start && selected < end) virtual.scrollToIndex(selected - start, { align: 'auto' });
  }, [selected, start, end, virtual]);

  function onKeyDown(ev: React.KeyboardEvent) {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    ev.preventDefault();
    const base = selected >= start && selected < end ? selected : ev.key === 'ArrowDown' ? start - 1 : end;
    const next = Math.min(end - 1, Math.max(start, base + (ev.key === 'ArrowDown' ? 1 : -1)));
    if (count > 0) onSelect(next);
  }

  const activeId = selected >= start && selected < end ? `tl-row-${model.events[selected]!.id}` : undefined;

  return (
    <div className="rounded-lg border border-line bg-surface">
      <p className="border-b border-line px-3 py-1.5 text-xs text-fg-muted">
        {count.toLocaleString('en-US')} of {model.events.length.toLocaleString('en-US')} events in view
      </p>
      <div
        ref={parent}
        role="listbox"
        aria-label="Events in view"
        aria-activedescendant={activeId}
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="max-h-[26rem] overflow-auto"
        data-testid="timeline-event-list"
      >
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((row) => {
            const index = start + row.index;
            const e = model.events[index]!;
            const gap = index > 0 ? e.t - model.times[index - 1]! : null;
            const isSelected = index === selected;
            return (
              <div
                key={e.id}
                id={`tl-row-${e.id}`}
                role="option"
                aria-selected={isSelected}
                data-testid={`timeline-row-${e.id}`}
                onClick={() => onSelect(index)}
                className={`absolute inset-x-0 flex cursor-pointer items-center gap-2 border-b border-line px-3 text-xs ${isSelected ? 'bg-accent/15' : 'hover:bg-surface-2'}`}
                style={{ top: row.start, height: ROW }}
              >
                <span className="w-24 shrink-0 font-mono text-fg-muted">{new Date(e.t).toISOString().slice(11, 23)}</span>
                <span className="w-16 shrink-0 text-right font-mono text-fg-muted" title="Time since the previous event">
                  {gap === null ? '' : `+${formatDuration(gap)}`}
                </span>
                <span className="min-w-0 flex-1 truncate font-mono text-fg" title={e.type}>
                  {e.type}
                </span>
                <OutcomeBadge outcome={e.outcome} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
