'use client';

/**
 * The whole correlation at a glance, with the zoom window drawn on it: drag across it to
 * zoom to that span, click to move the window there.
 */
import { useEffect, useRef, useState } from 'react';
import { outcomeTone } from '@/components/audit/tones';
import { readToneColor } from '@/components/ui/palette';
import { clampWindow, timeToX, xToTime, type TimelineModel, type TimeWindow } from '@/lib/audit/timeline';

const HEIGHT = 28;

export function TimelineOverview({ model, window: w, bounds, onWindowChange }: { model: TimelineModel; window: TimeWindow; bounds: TimeWindow; onWindowChange: (w: TimeWindow) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [brush, setBrush] = useState<{ x0: number; x1: number } | null>(null);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.floor(e?.contentRect.width ?? 0)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || width <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(HEIGHT * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    // One column per pixel: failures win over the rest so they stay visible.
    const cols = new Map<number, string>();
    for (const e of model.events) {
      const x = Math.round(timeToX(e.t, bounds, width));
      if (e.outcome === 'failure' || !cols.has(x)) cols.set(x, e.outcome);
    }
    for (const [x, outcome] of cols) {
      ctx.fillStyle = readToneColor(outcomeTone(outcome));
      ctx.fillRect(x, 6, 1.5, HEIGHT - 12);
    }
  }, [model, bounds, width]);

  const toX = (t: number) => timeToX(t, bounds, width);
  const left = Math.max(0, toX(w.from));
  const right = Math.min(width, toX(w.to));

  function localX(ev: React.PointerEvent): number {
    const rect = (ev.currentTarget as HTMLElement).getBoundingClientRect();
    return Math.min(width, Math.max(0, ev.clientX - rect.left));
  }

  return (
    <div ref={wrap} className="relative h-7 rounded border border-line bg-surface" data-testid="timeline-overview">
      <canvas ref={ref} aria-hidden="true" style={{ width, height: HEIGHT }} className="absolute inset-0" />
      <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 rounded-sm border-2 border-accent bg-accent/10" style={{ left, width: Math.max(2, right - left) }} />
      {brush && <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 bg-accent/25" style={{ left: Math.min(brush.x0, brush.x1), width: Math.abs(brush.x1 - brush.x0) }} />}
      <div
        className="absolute inset-0 cursor-crosshair"
        style={{ touchAction: 'none' }}
        title="Drag to zoom to a span, click to move the window"
        onPointerDown={(ev) => {
          ev.currentTarget.setPointerCapture(ev.pointerId);
          const x = localX(ev);
          setBrush({ x0: x, x1: x });
        }}
        onPointerMove={(ev) => {
          if (brush) setBrush({ ...brush, x1: localX(ev) });
        }}
        onPointerUp={(ev) => {
          if (!brush) return;
          const x1 = localX(ev);
          setBrush(null);
          if (Math.abs(x1 - brush.x0) < 4) {
            const t = xToTime(x1, bounds, width);
            const span = w.to - w.from;
            onWindowChange(clampWindow({ from: t - span / 2, to: t + span / 2 }, bounds));
          } else {
            const a = xToTime(Math.min(brush.x0, x1), bounds, width);
            const b = xToTime(Math.max(brush.x0, x1), bounds, width);
            onWindowChange(clampWindow({ from: a, to: b }, bounds));
          }
        }}
      />
    </div>
  );
}
