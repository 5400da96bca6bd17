import { z } from 'zod';
import { programSpecSchema } from './program.ts';
import { responseCheckSchema } from './response-check.ts';
import { runEventSchema } from './run-events.ts';
import { parseJsonText, parseWith, unknownTypeError, type Parsed } from './parse.ts';

/** Largest client message the server reads; programs are small text files. */
export const MAX_CLIENT_MESSAGE_BYTES = 512 * 1024;
/** Past this the socket itself is closed (1009) without reading the frame. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** The header the local runner checks on snapshot downloads: the per-start token of its pages. */
export const TOKEN_HEADER = 'x-leaklab-token';

/**
 * Signals the page may send the running program: SIGUSR2 for `--heapsnapshot-signal` and
 * `--report-on-signal`, SIGTERM and SIGINT for a program's own shutdown while its load goes on
 * (Stop kills the load first). Not SIGUSR1, which opens Node's inspector.
 */
export const PROGRAM_SIGNALS = ['SIGUSR2', 'SIGTERM', 'SIGINT'] as const;
export type ProgramSignal = (typeof PROGRAM_SIGNALS)[number];

const token = z.string({ error: 'must be a string' }).max(200, { error: 'is longer than 200 characters' });

/** Page -> local runner, over the WebSocket. */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), token, program: programSpecSchema }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('snapshot'), token }),
  z.object({ type: z.literal('signal'), token, signal: z.enum(PROGRAM_SIGNALS, { error: `must be one of ${PROGRAM_SIGNALS.join(', ')}` }) }),
  /** The page is done with the files an ended run wrote (see the `artifacts` run event): the runner removes them. */
  z.object({ type: z.literal('release-files'), runId: z.string().max(100) }),
  /** Runs the program `leaklab watch` was started with (its /watch page sends this, not `start`). */
  z.object({ type: z.literal('watch'), token }),
  /** Sends a lesson's check requests to the running program; answered by a `responses-checked` run event. */
  z.object({ type: z.literal('check-responses'), token, requests: responseCheckSchema }),
], { error: unknownTypeError('message') });
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Local runner -> page. Run events plus the socket's own answers. */
export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run-event'), event: runEventSchema }),
  z.object({ type: z.literal('busy'), runningRuns: z.number(), maxRuns: z.number(), message: z.string() }),
  z.object({ type: z.literal('rejected'), message: z.string() }),
], { error: unknownTypeError('message') });
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/**
 * One WebSocket text frame from a page. Anything may arrive here (the Origin check keeps other
 * sites out, not broken or hostile pages of ours), so every field is bounded; the size of the
 * frame itself is checked before this (MAX_CLIENT_MESSAGE_BYTES).
 */
export function parseClientMessage(text: string): Parsed<ClientMessage> {
  const json = parseJsonText(text);
  return json.ok ? parseWith(clientMessageSchema, json.value) : json;
}

/** One WebSocket frame from the runner, as the page receives it (`MessageEvent.data`). */
export function parseServerMessage(data: unknown): Parsed<ServerMessage> {
  if (typeof data !== 'string') return { ok: false, problem: 'The message is not text.' };
  const json = parseJsonText(data);
  return json.ok ? parseWith(serverMessageSchema, json.value) : json;
}
