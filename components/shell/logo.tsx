/** Flightdeck's mark: a deck with a rising track. Same drawing as public/favicon.svg. */
export function Logo({ className }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 32 32" className={className}>
      <rect width="32" height="32" rx="7" className="fill-accent" />
      <path d="M7 22h18" className="stroke-accent-fg" strokeWidth="2.5" strokeLinecap="round" />
      <path d="M8 17.5 14 13l4 3 6.5-6" fill="none" className="stroke-accent-fg" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
      <circle cx="24.5" cy="10" r="2" className="fill-accent-fg" />
    </svg>
  );
}
