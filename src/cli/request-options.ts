import { readFileSync } from 'node:fs';
import type { LoadProfile } from '../protocol/program.ts';
import { UsageError } from './cli-io.ts';

/** parseArgs options for what each request of the load carries, shared by `run` and `watch`. */
export const REQUEST_OPTIONS = {
  method: { type: 'string' },
  body: { type: 'string' },
  header: { type: 'string', multiple: true },
} as const;

export const REQUEST_HELP = `  --method M              HTTP method of the load's requests (default GET, or POST with --body)
  --body TEXT|@FILE       request body; JSON gets content-type: application/json unless --header sets one
  --header "Name: value"  request header (repeatable)`;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The request part of a LoadProfile from the command line. Many leaks live behind a POST (an
 * order, a session, an upload) that a GET on / never reaches.
 */
export function requestShape(values: { method?: string; body?: string; header?: string[] }): Pick<LoadProfile, 'method' | 'body' | 'headers'> {
  const body = values.body === undefined ? undefined : values.body.startsWith('@') ? readBody(values.body.slice(1)) : values.body;
  const method = (values.method ?? (body === undefined ? 'GET' : 'POST')).toUpperCase();
  if (!(METHODS as readonly string[]).includes(method)) throw new UsageError(`--method must be one of ${METHODS.join(', ')}, not ${values.method}.`);
  const headers: Record<string, string> = {};
  for (const line of values.header ?? []) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`--header takes "Name: value", not ${JSON.stringify(line)}.`);
    headers[name.toLowerCase()] = line.slice(colon + 1).trim();
  }
  if (body !== undefined && !('content-type' in headers) && isJson(body)) headers['content-type'] = 'application/json';
  return {
    method: method as LoadProfile['method'],
    ...(body !== undefined && { body }),
    ...(Object.keys(headers).length > 0 && { headers }),
  };
}

function readBody(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--body @${file}: ${(err as Error).message}`);
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
