// @ts-check
// The two characters that bracket a framed record on a terminal stream: FRAME_START + JSON +
// FRAME_END. The one place they are written: the probe and the load loop import them here, and so
// does the page's frame parser (src/runtime/webcontainer/frame-parser.ts). Plain JavaScript with no
// imports, because it is mounted beside the probe in the WebContainer too
// (src/runtime/webcontainer/container-files.ts) and read under the local runner's permission model.
// JSON.stringify escapes both (control characters), so they never occur inside a frame's body.

/** Starts a probe frame in the merged terminal output (ASCII record separator). */
export const FRAME_START = '\u001e';
/** Ends a probe frame (ASCII unit separator). */
export const FRAME_END = '\u001f';
