import { describe, expect, it } from 'vitest';
import { AppError, badParam, toErrorResponse } from './errors';

describe('AppError', () => {
  it('derives the HTTP status from the code kind', () => {
    expect(new AppError('not_found:execution', 'x').status).toBe(404);
    expect(new AppError('unavailable:datastorage', 'x').status).toBe(503);
    expect(badParam('limit', 'bad').status).toBe(400);
  });

  it('renders an RFC 7807 problem naming the parameter', async () => {
    const res = badParam('limit', 'limit must be at most 500').toResponse('/api/v1/executions');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await res.json();
    expect(body).toMatchObject({ status: 400, code: 'bad_request:limit', param: 'limit', detail: 'limit must be at most 500', instance: '/api/v1/executions' });
  });

  it('hides unknown errors behind a generic 500', async () => {
    const res = toErrorResponse(new Error('connect ECONNREFUSED with Authorization: Bearer abc.def'));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toContain('Bearer');
  });
});

describe('AppError across bundles', () => {
  it('is recognised when thrown by another copy of the class (a singleton made in another bundle)', () => {
    const brand = Symbol.for('flightdeck.AppError');
    const foreign = Object.assign(new Error('database down'), { name: 'AppError', code: 'unavailable:database', [brand]: true });
    expect(foreign instanceof AppError).toBe(true);
    expect(new Error('plain') instanceof AppError).toBe(false);
    expect(new AppError('not_found', 'x') instanceof AppError).toBe(true);
  });
});
