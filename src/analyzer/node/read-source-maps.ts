import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HeapProfile } from '../profile/heap-profile.ts';
import { withMappedFrames, type FoundSourceMap } from '../profile/source-mapped-frames.ts';
import { frameOrigin } from '../profile/frame-origin.ts';

/** Scripts larger than this are not read for a source map comment. */
const MAX_SCRIPT_BYTES = 64 * 1024 * 1024;

/**
 * The profile with its frames moved through the source maps of the scripts that are on this
 * machine: `//# sourceMappingURL=` at the end of a script, inline (a data: URL) or a file beside
 * it. A script or map that cannot be read or parsed leaves its frames as they were.
 */
export async function withSourceMaps(profile: HeapProfile): Promise<HeapProfile> {
  const scripts = new Set(profile.frames.filter((f) => f.url !== '' && frameOrigin(f) !== 'node-internal').map((f) => f.url));
  const maps = new Map<string, FoundSourceMap>();
  for (const url of scripts) {
    const found = findSourceMap(url);
    if (found) maps.set(url, found);
  }
  return maps.size === 0 ? profile : withMappedFrames(profile, (url) => maps.get(url));
}

function findSourceMap(scriptUrl: string): FoundSourceMap | undefined {
  const path = scriptUrl.startsWith('file://') ? fileURLToPath(scriptUrl) : isAbsolute(scriptUrl) ? scriptUrl : undefined;
  if (!path) return undefined;
  try {
    if (statSync(path).size > MAX_SCRIPT_BYTES) return undefined;
    const source = readFileSync(path, 'utf8');
    const comment = /\/[/*][#@]\s*sourceMappingURL=([^\s'"*]+)/g;
    let last: string | undefined;
    for (let m = comment.exec(source); m; m = comment.exec(source)) last = m[1];
    if (!last) return undefined;
    if (last.startsWith('data:')) {
      const comma = last.indexOf(',');
      const header = last.slice(5, comma);
      const body = last.slice(comma + 1);
      const text = header.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
      return { map: JSON.parse(text), mapUrl: pathToFileURL(path).href };
    }
    const mapPath = last.startsWith('file://') ? fileURLToPath(last) : resolve(dirname(path), decodeURIComponent(last));
    return { map: JSON.parse(readFileSync(mapPath, 'utf8')), mapUrl: pathToFileURL(mapPath).href };
  } catch (error) {
    // No script or map file here, or a map that is not JSON: the frames stay as V8 named them.
    if (error instanceof SyntaxError || (error as NodeJS.ErrnoException).code !== undefined) return undefined;
    throw error;
  }
}
