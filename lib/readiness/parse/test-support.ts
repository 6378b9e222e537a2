/** Helpers the parser tests share: fixtures, case lookup and expected parse errors. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ReportParseError, type ParsedCase, type ParsedReport } from './index';

const fixturePath = (name: string) => fileURLToPath(new URL(`../../../tests/fixtures/reports/${name}`, import.meta.url));

/** A report fixture as text. */
export const fixtureText = (name: string): string => readFileSync(fixturePath(name), 'utf8');

/** A report fixture as bytes (encodings and BOMs untouched). */
export const fixtureBytes = (name: string): Buffer => readFileSync(fixturePath(name));

/** Every case of every suite. */
export function cases(report: ParsedReport): ParsedCase[] {
  return report.suites.flatMap((s) => s.cases);
}

/** The case named `name`; throws when there is none. */
export function byName(report: ParsedReport, name: string): ParsedCase {
  const found = cases(report).find((c) => c.name === name);
  if (!found) throw new Error(`no case named ${JSON.stringify(name)} in ${cases(report).map((c) => c.name).join(', ')}`);
  return found;
}

/** The ReportParseError `promise` rejects with (fails the test when it resolves or fails otherwise). */
export async function parseError(promise: Promise<unknown>): Promise<ReportParseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReportParseError);
  return error as ReportParseError;
}
