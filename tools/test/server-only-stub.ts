// Vitest runs server modules directly; the real 'server-only' package only guards bundles.
export {};
