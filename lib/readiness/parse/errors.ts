/** Where in the (decompressed, decoded) report text a problem was found. */
export interface ReportErrorLocation {
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** 0-based character offset from the start of the report text. */
  position?: number;
}

/**
 * A report that cannot be read: unknown format, malformed or truncated document, or input
 * refused on purpose (DTDs, oversized single values). The message is safe to show to the
 * uploader: it never quotes more than a short snippet of the input.
 */
export class ReportParseError extends Error {
  override readonly name = 'ReportParseError';
  readonly line?: number;
  readonly column?: number;
  readonly position?: number;

  constructor(message: string, where: ReportErrorLocation = {}) {
    super(message);
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
    if (where.position !== undefined) this.position = where.position;
  }
}

/**
 * The report (or what it decompresses to) is larger than the caller allowed, in bytes or in
 * test cases. Thrown while reading, as soon as the limit is crossed, so a gzip bomb is never
 * fully inflated.
 */
export class ReportTooLargeError extends Error {
  override readonly name = 'ReportTooLargeError';

  constructor(
    /** The limit that was exceeded, in bytes. */
    readonly limit: number,
    readonly what: 'body' | 'decompressed body' | 'test cases' = 'body',
  ) {
    super(
      what === 'test cases'
        ? `Report has more than ${limit} test cases and suites`
        : `Report ${what} exceeds the limit of ${limit} bytes`,
    );
  }
}
