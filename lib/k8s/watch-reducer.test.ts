import { describe, expect, it } from 'vitest';
import { backoffMs, decideWatchEvent, diffRelist, stripManagedFields } from './watch-reducer';

const obj = (uid: string, rv: string) => ({ metadata: { uid, resourceVersion: rv, name: 'x' } });

describe('decideWatchEvent', () => {
  it('turns ADDED and MODIFIED into upserts with uid and version', () => {
    expect(decideWatchEvent({ type: 'ADDED', object: obj('a', '5') })).toMatchObject({ kind: 'upsert', uid: 'a', resourceVersion: '5' });
    expect(decideWatchEvent({ type: 'MODIFIED', object: obj('a', '6') })).toMatchObject({ kind: 'upsert', uid: 'a', resourceVersion: '6' });
  });

  it('turns DELETED into a delete', () => {
    expect(decideWatchEvent({ type: 'DELETED', object: obj('a', '7') })).toEqual({ kind: 'delete', uid: 'a', resourceVersion: '7' });
  });

  it('keeps the version of a bookmark', () => {
    expect(decideWatchEvent({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '99' } } })).toEqual({ kind: 'bookmark', resourceVersion: '99' });
  });

  it('treats a 410 ERROR (Expired or Gone) as expired, so the informer relists', () => {
    expect(decideWatchEvent({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } })).toEqual({ kind: 'expired' });
    expect(decideWatchEvent({ type: 'ERROR', object: { reason: 'Gone' } })).toEqual({ kind: 'expired' });
  });

  it('reports other ERROR events with their code', () => {
    expect(decideWatchEvent({ type: 'ERROR', object: { code: 500, reason: 'InternalError', message: 'etcd' } })).toEqual({
      kind: 'error',
      code: 500,
      reason: 'InternalError',
      message: 'etcd',
    });
  });

  it('ignores objects without identity and unknown types', () => {
    expect(decideWatchEvent({ type: 'ADDED', object: { metadata: { resourceVersion: '1' } } }).kind).toBe('ignore');
    expect(decideWatchEvent({ type: 'WHAT', object: obj('a', '1') }).kind).toBe('ignore');
    expect(decideWatchEvent({}).kind).toBe('ignore');
  });
});

describe('diffRelist', () => {
  it('finds new, changed, unchanged and vanished objects by version equality', () => {
    const current = new Map([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
    ]);
    const listed = new Map([
      ['a', '1'],
      ['b', '20'],
      ['d', '4'],
    ]);
    expect(diffRelist(current, listed)).toEqual({ upserted: ['b', 'd'], unchanged: ['a'], deleted: ['c'] });
  });

  it('compares versions for equality only (a "smaller" string is still a change)', () => {
    expect(diffRelist(new Map([['a', '9']]), new Map([['a', '10']])).upserted).toEqual(['a']);
  });
});

describe('backoffMs', () => {
  it('grows exponentially and stays within the cap', () => {
    const max = (attempt: number) => backoffMs(attempt, 500, 30_000, () => 1);
    expect(max(0)).toBe(500);
    expect(max(1)).toBe(1000);
    expect(max(3)).toBe(4000);
    expect(max(20)).toBe(30_000);
    expect(backoffMs(3, 500, 30_000, () => 0)).toBe(2000);
  });
});

describe('stripManagedFields', () => {
  it('removes metadata.managedFields and keeps the rest', () => {
    const o = { metadata: { name: 'x', managedFields: [{ manager: 'k' }] }, spec: {} };
    expect(stripManagedFields(o)).toEqual({ metadata: { name: 'x' }, spec: {} });
  });
});
