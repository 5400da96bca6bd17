import type { FrameOrigin } from '../../protocol/allocation-results.ts';
import type { RawFrame } from './heap-profile.ts';

/**
 * Whose code a frame is. No URL and no script: a V8 native or builtin (`(root)`, `JSON.parse`);
 * no URL but a script: the user's code whose script was collected before the profile was
 * taken (V8 resolves names late), kept as the user's. `node:` and `internal/` (older Node):
 * Node's own JavaScript. A path through node_modules: a package.
 */
export function frameOrigin(frame: Pick<RawFrame, 'url' | 'scriptId'>): FrameOrigin {
  const { url } = frame;
  if (url === '') return frame.scriptId === 0 ? 'native' : 'app';
  if (url.startsWith('node:') || url.startsWith('internal/')) return 'node-internal';
  if (/[\\/]node_modules[\\/]/.test(url)) return 'node-modules';
  return 'app';
}
