import { readFileSync } from 'node:fs';
import { loadProfileSchema, LOAD_LIMITS, LOAD_METHODS, type LoadProfile } from '../protocol/program.ts';
import { UsageError } from './cli-io.ts';

/** parseArgs options for what each request of the load carries, shared by `run` and `watch`. */
export const REQUEST_OPTIONS = {
  method: { type: 'string' },
  body: { type: 'string' },
  header: { type: 'string', multiple: true },
} as const;

export const REQUEST_HELP = `  --method M              HTTP method of the load's requests: ${LOAD_METHODS.join(', ')} (default GET, or POST with --body)
  --body TEXT|@FILE       request body (at most ${LOAD_LIMITS.maxBodyChars / 1024} KiB); JSON gets content-type: application/json unless --header sets one
  --header "Name: value"  request header (repeatable)`;

/** The load flags as parseArgs gives them (strings, or lists for repeatable ones). */
export interface LoadFlags {
  path?: string[];
  rate?: string;
  connections?: string;
  method?: string;
  body?: string;
  header?: string[];
}

/** The flags that shape a load, named as a usage error should name them. */
const FLAG_OF: Record<keyof LoadProfile, string> = {
  paths: '--path', ratePerSec: '--rate', connections: '--connections', method: '--method', body: '--body', headers: '--header',
};

/** Which load flags were given, e.g. `['--rate', '--body']`. */
export function givenLoadFlags(flags: LoadFlags): string[] {
  const given: string[] = [];
  if (flags.path !== undefined) given.push('--path');
  if (flags.rate !== undefined) given.push('--rate');
  if (flags.connections !== undefined) given.push('--connections');
  if (flags.method !== undefined) given.push('--method');
  if (flags.body !== undefined) given.push('--body');
  if (flags.header !== undefined) given.push('--header');
  return given;
}

/**
 * A load profile from the command line, over `base` (a lesson's own load, or the command's
 * defaults): only what was given replaces it. Checked by the protocol's one load-profile
 * validator, so a rate of 2.5 or 100000 is refused here exactly as the page and a lesson would
 * refuse it; the usage error names the flag and what was typed.
 */
export function loadFromFlags(base: LoadProfile, flags: LoadFlags): LoadProfile {
  const request = requestShape(flags);
  const profile = {
    ...base,
    ...(flags.path !== undefined && { paths: flags.path }),
    ...(flags.rate !== undefined && { ratePerSec: Number(flags.rate) }),
    ...(flags.connections !== undefined && { connections: Number(flags.connections) }),
    ...request,
  };
  const checked = loadProfileSchema.safeParse(profile);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  const field = issue.path[0] as keyof LoadProfile | undefined;
  if (field === undefined) throw new UsageError(`The load ${issue.message}.`);
  const typed = typedValue(flags, field);
  throw new UsageError(`${FLAG_OF[field]} ${issue.message}${typed === undefined ? '' : `, not ${JSON.stringify(typed)}`}.`);
}

function typedValue(flags: LoadFlags, field: keyof LoadProfile): string | undefined {
  switch (field) {
    case 'paths': return flags.path?.find((p) => !p.startsWith('/')) ?? flags.path?.join(' ');
    case 'ratePerSec': return flags.rate;
    case 'connections': return flags.connections;
    case 'method': return flags.method;
    case 'body': return undefined; // a body is too long to repeat
    case 'headers': return flags.header?.join(', ');
  }
}

/**
 * The request part of a profile from the command line. Many leaks live behind a POST (an
 * order, a session, an upload) that a GET on / never reaches. Header names are sent in lower case.
 */
function requestShape(flags: LoadFlags): Partial<Pick<LoadProfile, 'method' | 'body' | 'headers'>> {
  const body = flags.body === undefined ? undefined : flags.body.startsWith('@') ? readBody(flags.body.slice(1)) : flags.body;
  const headers: Record<string, string> = {};
  for (const line of flags.header ?? []) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header takes "Name: value", not ${JSON.stringify(line)}.`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  if (body !== undefined && !('content-type' in headers) && isJson(body)) headers['content-type'] = 'application/json';
  const method = flags.method?.toUpperCase() ?? (body !== undefined ? 'POST' : undefined);
  return {
    ...(method !== undefined && { method: method as LoadProfile['method'] }),
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
    return false; // not JSON: the body goes without a content-type of its own
  }
}
