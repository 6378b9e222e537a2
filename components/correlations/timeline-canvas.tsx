'use client';

/**
 * The correlation timeline: one lane per emitting service, events on a zoomable time
 * axis, the time between consecutive steps labelled where there is room, outcome colours
 * and the selected event ringed. Drawn on a canvas: only the events inside the zoom
 * window are visited (binary search per lane) and marks that fall on the same pixel are
 * drawn once, so thousands of events cost a few milliseconds per frame.
 *
 * Mouse: wheel zooms around the pointer, drag pans, click selects. Keyboard (the canvas
 * is focusable): ←/→ previous/next event, ↑/↓ nearest event on the lane above/below,
 * +/− zoom, 0 shows everything, Home/End first/last event.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  formatTick,
  gapLabels,
  nearestInLane,
  niceTicks,
  panWindow,
  stepEvent,
  stepLane,
  timeToX,
  visibleRange,
  xToTime,
  zoomWindow,
  type TimelineModel,
  type TimeWindow,
} from '@/lib/audit/timeline';
import { outcomeTone } from '@/components/audit/tones';
import { readCssVar, readToneColor } from '@/components/ui/palette';
import { formatDuration } from '@/lib/executions/duration';

export const AXIS_HEIGHT = 26;
export const LANE_HEIGHT = 30;
const LABEL_WIDTH = 156;
const HIT_PX = 7;

export interface TimelineCanvasProps {
  model: TimelineModel;
  window: TimeWindow;
  bounds: TimeWindow;
  selected: number;
  onSelect: (index: number) => void;
  onWindowChange: (w: TimeWindow) => void;
}

export function TimelineCanvas({ model, window: w, bounds, selected, onSelect, onWindowChange }: TimelineCanvasProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<{ index: number; x: number; y: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const drag = useRef<{ x: number; w: TimeWindow; moved: boolean } | null>(null);
  const height = AXIS_HEIGHT + model.lanes.length * LANE_HEIGHT + 6;

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setWidth(Math.max(0, Math.floor((entry?.contentRect.width ?? 0) - LABEL_WIDTH))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Redraw whenever anything visible changes (and on theme change, via the class observer below).
  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    if (!canvas || width <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    // The theme's colours as they are now (the class observer below redraws on a switch).
    const fg = readCssVar('--fd-fg');
    const muted = readCssVar('--fd-fg-muted');
    const line = readCssVar('--fd-line');
    const band = readCssVar('--fd-surface-2');
    const accent = readCssVar('--fd-accent');
    ctx.clearRect(0, 0, width, height);
    ctx.font = '11px ui-sans-serif, system-ui, sans-serif';
    ctx.textBaseline = 'middle';

    // Lane bands.
    model.lanes.forEach((_, i) => {
      if (i % 2 === 1) {
        ctx.fillStyle = band;
        ctx.fillRect(0, AXIS_HEIGHT + i * LANE_HEIGHT, width, LANE_HEIGHT);
      }
    });

    // Axis with nice ticks.
    const { step, ticks } = niceTicks(w, width, 90);
    ctx.strokeStyle = line;
    ctx.fillStyle = muted;
    ctx.lineWidth = 1;
    for (const t of ticks) {
      const x = Math.round(timeToX(t, w, width)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, AXIS_HEIGHT - 6);
      ctx.lineTo(x, height);
      ctx.stroke();
      ctx.fillText(formatTick(t, step), x + 3, AXIS_HEIGHT / 2 - 2);
    }
    ctx.beginPath();
    ctx.moveTo(0, AXIS_HEIGHT - 0.5);
    ctx.lineTo(width, AXIS_HEIGHT - 0.5);
    ctx.stroke();

    const laneY = (lane: number) => AXIS_HEIGHT + lane * LANE_HEIGHT + LANE_HEIGHT / 2;

    // Gaps between consecutive steps, labelled where they fit.
    ctx.textAlign = 'center';
    for (const g of gapLabels(model, w, width, 60, 250)) {
      const prev = model.events[g.index - 1]!;
      const cur = model.events[g.index]!;
      const y = laneY(cur.lane) - 9;
      const x1 = Math.max(0, g.x1);
      const x2 = Math.min(width, g.x2);
      ctx.strokeStyle = muted;
      ctx.globalAlpha = 0.55;
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(x1, prev.lane === cur.lane ? y : laneY(prev.lane));
      ctx.lineTo(x1, y);
      ctx.lineTo(x2, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
      const label = `+${formatDuration(g.ms)}`;
      const mid = (x1 + x2) / 2;
      const tw = ctx.measureText(label).width + 6;
      if (x2 - x1 > tw) {
        ctx.fillStyle = readCssVar('--fd-surface');
        ctx.fillRect(mid - tw / 2, y - 6, tw, 12);
        ctx.fillStyle = muted;
        ctx.fillText(label, mid, y);
      }
    }
    ctx.textAlign = 'left';

    // Events: per lane, only the visible slice; one mark per pixel column and colour.
    model.lanes.forEach((lane, li) => {
      const y = laneY(li);
      const [lo, hi] = visibleRange(lane.times, w);
      let lastX = -1;
      let lastColor = '';
      for (let j = lo; j < hi; j++) {
        const e = model.events[lane.events[j]!]!;
        const x = Math.round(timeToX(e.t, w, width));
        const color = readToneColor(outcomeTone(e.outcome));
        if (x === lastX && color === lastColor) continue;
        lastX = x;
        lastColor = color;
        ctx.fillStyle = color;
        ctx.beginPath();
        ctx.arc(x, y, 4.5, 0, Math.PI * 2);
        ctx.fill();
      }
    });

    // Selected event: a vertical guide and a ring.
    const sel = model.events[selected];
    if (sel && sel.t >= w.from && sel.t <= w.to) {
      const x = timeToX(sel.t, w, width);
      const y = laneY(sel.lane);
      ctx.strokeStyle = accent;
      ctx.globalAlpha = 0.5;
      ctx.beginPath();
      ctx.moveTo(x, AXIS_HEIGHT);
      ctx.lineTo(x, height);
      ctx.stroke();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.arc(x, y, 8, 0, Math.PI * 2);
      ctx.stroke();
      ctx.lineWidth = 1;
    }
    ctx.fillStyle = fg;
  }, [model, w, width, height, selected]);

  useEffect(() => {
    const frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [draw]);

  useEffect(() => {
    const observer = new MutationObserver(() => requestAnimationFrame(draw));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, [draw]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (ev: WheelEvent) => {
      if (Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) {
        ev.preventDefault();
        onWindowChange(panWindow(w, (ev.deltaX / width) * (w.to - w.from), bounds));
        return;
      }
      ev.preventDefault();
      const rect = canvas.getBoundingClientRect();
      const anchor = xToTime(ev.clientX - rect.left, w, width);
      onWindowChange(zoomWindow(w, Math.exp(ev.deltaY * 0.0015), anchor, bounds));
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [w, width, bounds, onWindowChange]);

  const hitTest = (clientX: number, clientY: number): number => {
    const canvas = canvasRef.current;
    if (!canvas) return -1;
    const rect = canvas.getBoundingClientRect();
    const x = clientX - rect.left;
    const lane = Math.floor((clientY - rect.top - AXIS_HEIGHT) / LANE_HEIGHT);
    if (lane < 0 || lane >= model.lanes.length) return -1;
    const t = xToTime(x, w, width);
    return nearestInLane(model, lane, t, (HIT_PX / width) * (w.to - w.from));
  };

  function onPointerDown(ev: React.PointerEvent<HTMLCanvasElement>) {
    if (ev.button !== 0) return;
    ev.currentTarget.setPointerCapture(ev.pointerId);
    drag.current = { x: ev.clientX, w, moved: false };
  }

  function onPointerMove(ev: React.PointerEvent<HTMLCanvasElement>) {
    const d = drag.current;
    if (d) {
      const dx = ev.clientX - d.x;
      if (Math.abs(dx) > 3 && !d.moved) {
        d.moved = true;
        setDragging(true);
      }
      if (d.moved) {
        onWindowChange(panWindow(d.w, (-dx / width) * (d.w.to - d.w.from), bounds));
        setHover(null);
      }
      return;
    }
    const index = hitTest(ev.clientX, ev.clientY);
    const rect = ev.currentTarget.getBoundingClientRect();
    setHover(index >= 0 ? { index, x: ev.clientX - rect.left, y: ev.clientY - rect.top } : null);
  }

  function onPointerUp(ev: React.PointerEvent<HTMLCanvasElement>) {
    const d = drag.current;
    drag.current = null;
    setDragging(false);
    if (d && !d.moved) {
      const index = hitTest(ev.clientX, ev.clientY);
      if (index >= 0) onSelect(index);
    }
  }

  function onKeyDown(ev: React.KeyboardEvent<HTMLDivElement>) {
    const span = w.to - w.from;
    const centre = model.events[selected]?.t ?? (w.from + w.to) / 2;
    let next: number | undefined;
    switch (ev.key) {
      case 'ArrowRight':
        next = stepEvent(model, selected, 1);
        break;
      case 'ArrowLeft':
        next = stepEvent(model, selected, -1);
        break;
      case 'ArrowDown':
        next = stepLane(model, selected, 1);
        break;
      case 'ArrowUp':
        next = stepLane(model, selected, -1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = model.events.length - 1;
        break;
      case '+':
      case '=':
        onWindowChange(zoomWindow(w, 0.5, centre, bounds));
        break;
      case '-':
      case '_':
        onWindowChange(zoomWindow(w, 2, centre, bounds));
        break;
      case '0':
        onWindowChange(bounds);
        break;
      case 'PageDown':
        onWindowChange(panWindow(w, span * 0.8, bounds));
        break;
      case 'PageUp':
        onWindowChange(panWindow(w, -span * 0.8, bounds));
        break;
      default:
        return;
    }
    ev.preventDefault();
    if (next !== undefined && next >= 0) onSelect(next);
  }

  const hovered = hover ? model.events[hover.index] : undefined;

  return (
    <div ref={wrapRef} className="relative flex select-none" data-testid="timeline">
      <ul aria-hidden="true" className="shrink-0 border-r border-line text-xs" style={{ width: LABEL_WIDTH, paddingTop: AXIS_HEIGHT }}>
        {model.lanes.map((lane, i) => (
          <li key={lane.service} className={`flex items-center justify-between gap-1 truncate px-2 ${i % 2 ? 'bg-surface-2' : ''}`} style={{ height: LANE_HEIGHT }} title={lane.service}>
            <span className="truncate font-medium text-fg">{lane.service}</span>
            <span className="text-fg-muted">{lane.events.length}</span>
          </li>
        ))}
      </ul>
      <div
        tabIndex={0}
        role="group"
        aria-roledescription="timeline"
        aria-label={`Timeline of ${model.events.length} events in ${model.lanes.length} lanes. Arrow keys move between events, plus and minus zoom, 0 shows everything.`}
        onKeyDown={onKeyDown}
        className="relative min-w-0 flex-1 outline-offset-[-2px]"
      >
        <canvas
          ref={canvasRef}
          style={{ width, height, touchAction: 'none', cursor: dragging ? 'grabbing' : hovered ? 'pointer' : 'grab' }}
          data-testid="timeline-canvas"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => setHover(null)}
        />
        {hovered && hover && (
          <div
            role="tooltip"
            className="pointer-events-none absolute z-10 max-w-xs rounded border border-line bg-surface px-2 py-1 text-xs shadow"
            style={{ left: Math.min(hover.x + 12, Math.max(0, width - 240)), top: hover.y + 12 }}
          >
            <p className="font-mono font-medium">{hovered.type}</p>
            <p className="text-fg-muted">
              {new Date(hovered.t).toISOString().slice(11, 23)} UTC · {hovered.outcome}
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
