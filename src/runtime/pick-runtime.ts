import type { Runtime, RuntimeKind } from './runtime.ts';
import { LocalRuntime, readRunnerToken, runnerSocketUrl } from './local/local-runtime.ts';

/** What the picker found: a runtime, or why there is none (shown in the runtime banner). */
export type RuntimePick =
  | { runtime: Runtime; kind: RuntimeKind }
  | { runtime: null; kind: RuntimeKind | 'none'; reason: string };

const KINDS: readonly RuntimeKind[] = ['local', 'webcontainer', 'recorded'];

/**
 * Chooses the runtime for this page: `?runtime=local|webcontainer|recorded` if given, else the
 * local runner when the server injected its token. `allowed` is the lesson's `runtimes` list.
 * Add a runtime by adding a case to `create`.
 */
export function pickRuntime(loc: Location, doc: Document, allowed: readonly RuntimeKind[] = KINDS): RuntimePick {
  const asked = new URLSearchParams(loc.search).get('runtime');
  if (asked !== null) {
    if (!isRuntimeKind(asked)) {
      return { runtime: null, kind: 'none', reason: `Unknown runtime "${asked}" in the address; use ?runtime=local, webcontainer or recorded.` };
    }
    if (!allowed.includes(asked)) {
      return { runtime: null, kind: asked, reason: `This lesson does not run on the ${asked} runtime; it runs on: ${allowed.join(', ')}.` };
    }
    return create(asked, loc, doc);
  }
  if (readRunnerToken(doc) && allowed.includes('local')) return create('local', loc, doc);
  return {
    runtime: null,
    kind: 'none',
    reason: 'No local runner is serving this page, so programs cannot run here. Start one with `npm start` and open the address it prints.',
  };
}

function create(kind: RuntimeKind, loc: Location, doc: Document): RuntimePick {
  switch (kind) {
    case 'local': {
      const token = readRunnerToken(doc);
      if (!token) {
        return { runtime: null, kind, reason: 'The local runner was asked for, but this page was not served by it. Run `npm start` and open the address it prints.' };
      }
      return { runtime: new LocalRuntime(token, runnerSocketUrl(loc)), kind };
    }
    case 'webcontainer':
      return { runtime: null, kind, reason: 'The in-browser (WebContainer) runtime is not available yet. Use the local runner: `npm start`.' };
    case 'recorded':
      return { runtime: null, kind, reason: 'Recorded runs are not available yet. Use the local runner: `npm start`.' };
  }
}

function isRuntimeKind(value: string): value is RuntimeKind {
  return (KINDS as readonly string[]).includes(value);
}
