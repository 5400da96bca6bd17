import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parseHeapProfile, type HeapProfile } from '../profile/heap-profile.ts';
import { isGzip } from '../parse/is-gzip.ts';
import { ProfileParseError } from '../errors.ts';

/** Profiles are JSON of a few kB to tens of MB; past this, the file is not one. */
const MAX_PROFILE_BYTES = 512 * 1024 * 1024;

/** Node-only entry: reads a `.heapprofile` (or a gzipped one) from disk. */
export async function readProfileFile(path: string): Promise<HeapProfile> {
  const { size } = await stat(path);
  if (size > MAX_PROFILE_BYTES) {
    throw new ProfileParseError('not-a-profile', `The file is ${size} bytes; a sampling heap profile is rarely over a few MB. Is it a heap snapshot (leaklab summary)?`);
  }
  let bytes: Uint8Array = await readFile(path);
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'Z_BUF_ERROR') throw new ProfileParseError('truncated', `The gzipped file ends after ${size} bytes, before its gzip stream does: the file is cut short. Copy it again in full.`, size, { cause: err });
      if (code?.startsWith('Z_')) throw new ProfileParseError('not-json', `The gzipped file does not decompress (zlib: ${(err as Error).message}): it is damaged. Copy it again.`, undefined, { cause: err });
      throw err;
    }
  }
  return parseHeapProfile(new TextDecoder().decode(bytes));
}
