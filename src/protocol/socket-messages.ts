import type { ProgramSpec } from './program.ts';
import type { RunEvent } from './run-events.ts';

/** Page -> local runner, over the WebSocket. The server validates every field (see server/parse-client-message.ts). */
export type ClientMessage =
  | { type: 'start'; token: string; program: ProgramSpec }
  | { type: 'stop' }
  | { type: 'snapshot'; token: string }
  /** Runs the program `leaklab watch` was started with (its /watch page sends this, not `start`). */
  | { type: 'watch'; token: string };

/** Local runner -> page. Run events plus the socket's own answers. */
export type ServerMessage =
  | { type: 'run-event'; event: RunEvent }
  | { type: 'busy'; runningRuns: number; maxRuns: number; message: string }
  | { type: 'rejected'; message: string };

/** Largest client message the server reads; programs are small text files. */
export const MAX_CLIENT_MESSAGE_BYTES = 512 * 1024;
/** Past this the socket itself is closed (1009) without reading the frame. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
