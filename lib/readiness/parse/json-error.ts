import { ReportParseError } from './errors';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/**
 * Returns the offset of the first JSON syntax error in `s`, or -1 when it is valid.
 * Only used after JSON.parse has failed: Node's messages do not always carry a position
 * ("Unexpected token 'x', ... is not valid JSON"), and uploaders need one. Iterative, so
 * deeply nested hostile input cannot overflow the stack.
 */
export function findJsonErrorOffset(s: string): number {
  const stack: Array<'[' | '{'> = [];
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  };
  const string = (): boolean => {
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = s[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) i += 2;
        else {
          i++;
          return false;
        }
      } else i++;
    }
    return false;
  };

  for (;;) {
    ws();
    if (state === 'value') {
      const c = s[i];
      if (c === '{' || c === '[') {
        i++;
        ws();
        if (s[i] === (c === '{' ? '}' : ']')) {
          i++;
          state = 'after';
        } else {
          stack.push(c);
          state = c === '{' ? 'key' : 'value';
        }
      } else if (c === '"') {
        if (!string()) return i;
        state = 'after';
      } else if (s.startsWith('true', i) || s.startsWith('null', i)) {
        i += 4;
        state = 'after';
      } else if (s.startsWith('false', i)) {
        i += 5;
        state = 'after';
      } else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(s)) return i;
        i = NUMBER.lastIndex;
        state = 'after';
      }
    } else if (state === 'key') {
      if (s[i] !== '"' || !string()) return i;
      ws();
      if (s[i] !== ':') return i;
      i++;
      state = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < s.length ? i : -1;
      const c = s[i];
      if (c === ',') {
        i++;
        state = top === '{' ? 'key' : 'value';
      } else if ((top === '[' && c === ']') || (top === '{' && c === '}')) {
        i++;
        stack.pop();
      } else return i;
    }
  }
}

/** 1-based line and column of a character offset. */
export function lineColumnAt(s: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = s.indexOf('\n'); i !== -1 && i < offset; i = s.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Parses JSON, turning a syntax error into a ReportParseError with line, column and position. */
export function parseJson(
  s: string,
  context: string,
  base: { line?: number; column?: number; position?: number } = {},
): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch (error) {
    const found = findJsonErrorOffset(s);
    const offset = found >= 0 ? found : s.length;
    const at = lineColumnAt(s, offset);
    const line = (base.line ?? 1) + at.line - 1;
    const column = at.line === 1 ? at.column + (base.column ?? 0) : at.column;
    const reason = error instanceof Error ? error.message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '') : 'invalid JSON';
    throw new ReportParseError(`Invalid JSON in ${context} at line ${line}, column ${column}: ${reason}`, {
      line,
      column,
      position: (base.position ?? 0) + offset,
    });
  }
}
