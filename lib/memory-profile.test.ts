import { describe, expect, it } from 'vitest';
import { memoryProfileFlags, SMALL_PROFILE_FLAGS } from './memory-profile';

describe('memoryProfileFlags', () => {
  it('keeps the embedded store small by default and leaves a PostgreSQL-backed server on V8 defaults', () => {
    expect(memoryProfileFlags('auto', undefined)).toEqual(SMALL_PROFILE_FLAGS);
    expect(memoryProfileFlags('auto', 'postgres://db/flightdeck')).toEqual([]);
  });

  it('follows an explicit MEMORY_PROFILE whatever the store', () => {
    expect(memoryProfileFlags('small', 'postgres://db/flightdeck')).toEqual(SMALL_PROFILE_FLAGS);
    expect(memoryProfileFlags('default', undefined)).toEqual([]);
  });
});
