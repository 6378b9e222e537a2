/**
 * The server's V8 memory profile. An embedded-store Flightdeck is one small process (a
 * laptop, a demo, one Pod without a database), and there two V8 settings decide whether it
 * fits in 300 MB (bench/readiness.mjs --store pglite, server RSS after the ingest):
 *
 * - `--optimize-for-size`: the old generation is collected before it grows, instead of
 *   letting a report's 10,000 parsed cases pile up as garbage (heap 190-220 MB, ~76 MB of
 *   it live, against ~90 MB with the flag).
 * - `--liftoff-only`: PGlite's 9 MB WebAssembly build stays in V8's baseline code; tiering
 *   its hot functions up to optimised code kept both copies, about 75 MB more.
 *
 * Measured in one run of `node bench/readiness.mjs --store all`: server RSS after the bench
 * 229 MB against 468 MB on V8's defaults (peak 261 against 468); a 10,000-case report
 * ingests in 369 ms instead of 199 ms, under a fifth of its 2 s budget. That cost is why a
 * Flightdeck on PostgreSQL keeps V8's defaults unless MEMORY_PROFILE=small asks (there it
 * measured 159 MB after against 346 MB, ingest 243 ms against 149 ms). Node refuses
 * both flags in NODE_OPTIONS, so they are set here, at start-up, before PGlite compiles
 * its module (they apply to code compiled and heaps sized from then on).
 */
import 'server-only';
import v8 from 'node:v8';

export type MemoryProfile = 'auto' | 'small' | 'default';

export const SMALL_PROFILE_FLAGS = ['--optimize-for-size', '--liftoff-only'] as const;

/** The V8 flags for `profile`; `auto` is small exactly when the embedded store is in use. */
export function memoryProfileFlags(profile: MemoryProfile, databaseUrl: string | undefined): readonly string[] {
  const small = profile === 'small' || (profile === 'auto' && !databaseUrl);
  return small ? SMALL_PROFILE_FLAGS : [];
}

/** Applies the profile once per process and returns the flags it set. */
export function applyMemoryProfile(profile: MemoryProfile, databaseUrl: string | undefined): readonly string[] {
  const flags = memoryProfileFlags(profile, databaseUrl);
  for (const flag of flags) v8.setFlagsFromString(flag);
  return flags;
}
