import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

import { ReportParseError, ReportTooLargeError } from './errors';

/** What {@link parseReport} accepts: a request body stream, a buffer, or already-decoded text. */
export type ReportInput = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | Uint8Array | string;

/** Buffers are cut to this size so limits are checked often and no step sees a huge chunk. */
const SLICE_BYTES = 64 * 1024;
// One deflate block can inflate about 1000:1, so small input pieces keep the output that zlib
// produces before the size check runs to a few megabytes even for a gzip bomb.
const GUNZIP_INPUT_BYTES = 4 * 1024;

function isReadableStream(input: unknown): input is ReadableStream<Uint8Array> {
  return typeof (input as ReadableStream<Uint8Array> | null)?.getReader === 'function';
}

async function* fromInput(input: ReportInput): AsyncGenerator<Uint8Array> {
  if (typeof input === 'string') input = new TextEncoder().encode(input);
  if (input instanceof Uint8Array) {
    yield* sliceChunk(input);
    return;
  }
  if (isReadableStream(input)) {
    const reader = input.getReader();
    let finished = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          finished = true;
          return;
        }
        yield* sliceChunk(value);
      }
    } finally {
      // Stop the upload when parsing gave up early (size limit, malformed document).
      if (!finished) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  }
  for await (const chunk of input) {
    // Node streams opened with an encoding yield strings despite the declared type.
    yield* sliceChunk(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  }
}

function* sliceChunk(chunk: Uint8Array, size = SLICE_BYTES): Generator<Uint8Array> {
  for (let i = 0; i < chunk.length; i += size) yield chunk.subarray(i, i + size);
}

async function* limitBytes(
  source: AsyncIterable<Uint8Array>,
  limit: number,
  what: ReportTooLargeError['what'],
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > limit) throw new ReportTooLargeError(limit, what);
    yield chunk;
  }
}

interface Peeked<T> {
  /** What was read ahead (at least `n` long in total unless the input ended). */
  buffered: T[];
  ended: boolean;
  /** Everything, the buffered items first. */
  rest: AsyncGenerator<T>;
  /** Stops the source when `rest` is abandoned (a generator that never started ignores return()). */
  close: () => Promise<void>;
}

/** Reads items until their total length reaches `n` (or the input ends) without losing them. */
async function peek<T extends { length: number }>(source: AsyncIterable<T>, n: number): Promise<Peeked<T>> {
  const it = source[Symbol.asyncIterator]();
  const buffered: T[] = [];
  let size = 0;
  let ended = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    buffered.push(r.value);
    size += r.value.length;
  }
  async function* rest(): AsyncGenerator<T> {
    let finished = ended;
    try {
      yield* buffered;
      while (!finished) {
        const r = await it.next();
        if (r.done) finished = true;
        else yield r.value;
      }
    } finally {
      if (!finished) await it.return?.();
    }
  }
  const close = async (): Promise<void> => {
    if (!ended) await it.return?.();
  };
  return { buffered, ended, rest: rest(), close };
}

/** Reads the first `n` bytes without losing them: `rest` yields everything, head included. */
async function peekBytes(source: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; rest: AsyncGenerator<Uint8Array> }> {
  const { buffered, rest } = await peek(source, n);
  const head = new Uint8Array(Math.min(n, buffered.reduce((total, b) => total + b.length, 0)));
  let offset = 0;
  for (const b of buffered) {
    if (offset >= head.length) break;
    const part = b.subarray(0, head.length - offset);
    head.set(part, offset);
    offset += part.length;
  }
  return { head, rest };
}

async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  async function* small(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) yield* sliceChunk(chunk, GUNZIP_INPUT_BYTES);
  }
  const inflater = createGunzip();
  // Errors from either side (including a size limit thrown by `source`) reach the loop below
  // through the inflater; leaving the loop early destroys both streams.
  pipeline(Readable.from(small(), { objectMode: false }), inflater, () => undefined);
  try {
    for await (const chunk of inflater) yield chunk as Uint8Array;
  } catch (error) {
    if (error instanceof ReportTooLargeError || error instanceof ReportParseError) throw error;
    throw new ReportParseError(`Invalid gzip data: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function* decodeUtf(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const { head, rest } = await peekBytes(source, 2);
  // Windows tools sometimes write UTF-16 with a BOM; the decoder strips the BOM itself.
  const encoding = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : 'utf-8';
  const decoder = new TextDecoder(encoding);
  for await (const bytes of rest) {
    const text = decoder.decode(bytes, { stream: true });
    if (text !== '') yield text;
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

/**
 * Turns any accepted input into a stream of text chunks: enforces the size limit on the
 * bytes received and, for gzip (magic bytes 1f 8b), again on the inflated bytes, then
 * decodes UTF-8 (or BOM-marked UTF-16).
 */
export async function* readText(input: ReportInput, maxBytes: number): AsyncGenerator<string> {
  const { head, rest } = await peekBytes(limitBytes(fromInput(input), maxBytes, 'body'), 2);
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const bytes = gzipped ? limitBytes(gunzip(rest), maxBytes, 'decompressed body') : rest;
  yield* decodeUtf(bytes);
}

/**
 * Reads text chunks until at least `n` characters are buffered (or the input ends), for
 * format sniffing; `rest` replays them before continuing.
 */
export async function peekText(
  source: AsyncIterable<string>,
  n: number,
): Promise<{ head: string; ended: boolean; rest: AsyncGenerator<string>; close: () => Promise<void> }> {
  const { buffered, ended, rest, close } = await peek(source, n);
  return { head: buffered.join('').slice(0, n), ended, rest, close };
}

