import type { TrendPoint } from '@/lib/schemas/readiness';
import { toneColor } from '@/components/ui/palette';
import { runTone } from './status';

/**
 * The pass rate of the last runs as a tiny SVG line (oldest left). Runs where nothing ran
 * leave a gap. Plain SVG: a matrix holds many of these, too many for chart components.
 */
export function Sparkline({ points, className }: { points: TrendPoint[]; className?: string }) {
  const width = 72;
  const height = 18;
  const n = points.length;
  const x = (i: number) => (n <= 1 ? width / 2 : (i / (n - 1)) * (width - 4) + 2);
  const y = (rate: number) => height - 2 - rate * (height - 4);
  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p.passRate === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else {
      current.push(`${x(i).toFixed(1)},${y(p.passRate).toFixed(1)}`);
    }
  });
  if (current.length) segments.push(current.join(' '));
  const last = points[n - 1];
  const stroke = toneColor(last ? runTone(last.status) : 'neutral');
  const rates = points.map((p) => (p.passRate === null ? 'none ran' : `${Math.round(p.passRate * 100)}%`));
  return (
    <svg
      role="img"
      aria-label={n ? `Pass rate of the last ${n} runs, oldest first: ${rates.join(', ')}` : 'No earlier runs'}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      className={className}
    >
      <line x1="0" x2={width} y1={y(1)} y2={y(1)} stroke="currentColor" strokeOpacity="0.15" strokeDasharray="2 2" />
      {segments.map((s) =>
        s.includes(' ') ? (
          <polyline key={s} points={s} fill="none" stroke={stroke} strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
        ) : (
          <circle key={s} cx={s.split(',')[0]} cy={s.split(',')[1]} r="1.5" fill={stroke} />
        ),
      )}
      {last && last.passRate !== null && <circle cx={x(n - 1)} cy={y(last.passRate)} r="2" fill={stroke} />}
    </svg>
  );
}
