import type { SourceLocation } from '../analyzer/query-results.ts';

/** What a function starts with at its V8 location: `function`, `async`, `(` of an arrow, or `name(` / `name =>`. */
const FUNCTION_START = /^(async\s+)?(function\b|\(|[A-Za-z_$][\w$]*\s*(=>|\())/;

/**
 * The 1-based line of `programText` (main.js) that a closure's location points at, or null.
 *
 * A snapshot's location names a script by id only, not by file, so this checks that the text at
 * (line, column) of main.js really starts a function (or contains the closure's name); a closure
 * from Node's own code then almost never lands on one by chance. 0-based line and column, as V8.
 */
export function lineInProgram(programText: string, location: SourceLocation, functionName: string | undefined): number | null {
  const lines = programText.split('\n');
  const line = lines[location.line];
  if (line === undefined || location.column >= line.length) return null;
  const rest = line.slice(location.column);
  const isNamedHere = functionName !== undefined && functionName !== '' && rest.includes(functionName);
  return isNamedHere || FUNCTION_START.test(rest) ? location.line + 1 : null;
}
