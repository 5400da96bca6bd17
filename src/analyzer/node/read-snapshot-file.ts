import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { SnapshotParser, type ParsedSnapshot, type ParseProgress } from '../parse/snapshot-parser.ts';
import { isGzip } from '../parse/is-gzip.ts';
import { SnapshotParseError } from '../errors.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Node-only entry: streams a `.heapsnapshot` from disk through the parser in 4 MB chunks, so a
 * file larger than V8's string limit (~512 MB) still opens. Two buffers taking turns: the next
 * chunk is read (on libuv's thread pool) while this one is parsed, so the main thread does not
 * sit idle for the disk; the parser copies whatever it keeps, so a buffer is free to refill
 * once write() returns. No file-sized copy. A gzipped snapshot (`.heapsnapshot.gz`, as
 * production snapshots are often shipped) is decompressed on the way.
 */
export async function readSnapshotFile(path: string, onProgress?: (p: ParseProgress) => void): Promise<ParsedSnapshot> {
  const file = await open(path, 'r');
  // The read in flight when a parse error is thrown must settle before the file closes.
  let reading: Promise<{ bytesRead: number }> | undefined;
  try {
    const { size } = await file.stat();
    const buffers = [new Uint8Array(CHUNK_BYTES), new Uint8Array(CHUNK_BYTES)];
    let turn = 0;
    reading = file.read(buffers[turn], 0, CHUNK_BYTES, null);
    const first = await reading;
    reading = undefined;
    if (isGzip(buffers[turn].subarray(0, first.bytesRead))) return await readGzipped(path, size, onProgress);
    const parser = new SnapshotParser({ totalBytes: size, ...(onProgress && { onProgress }) });
    let bytesRead = first.bytesRead;
    while (bytesRead > 0) {
      const chunk = buffers[turn];
      turn ^= 1;
      reading = file.read(buffers[turn], 0, CHUNK_BYTES, null);
      parser.write(bytesRead === CHUNK_BYTES ? chunk : chunk.subarray(0, bytesRead));
      ({ bytesRead } = await reading);
      reading = undefined;
    }
    return parser.finish();
  } finally {
    await reading?.catch(() => undefined);
    await file.close();
  }
}

/**
 * The gzipped case: the decompressed size is unknown up front, so progress counts bytes only.
 * Byte offsets in parse errors count unpacked bytes; those of gzip errors count the file's.
 */
async function readGzipped(path: string, fileBytes: number, onProgress?: (p: ParseProgress) => void): Promise<ParsedSnapshot> {
  const parser = new SnapshotParser(onProgress ? { onProgress } : {});
  const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES }).pipe(gunzip);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) parser.write(chunk);
  } catch (err) {
    throw gzipError(err, fileBytes, gunzip.bytesWritten);
  } finally {
    stream.destroy();
  }
  return parser.finish();
}

/** A zlib failure as a parse error that says where the gzip stream broke; anything else as it was. */
export function gzipError(err: unknown, fileBytes: number, consumedBytes: number): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR') {
    return new SnapshotParseError('truncated', `The gzipped file ends after ${fileBytes} bytes, before its gzip stream does: the file is cut short. Copy it again in full, or take the snapshot again.`, fileBytes, { cause: err });
  }
  if (code?.startsWith('Z_')) {
    return new SnapshotParseError('not-a-snapshot', `The gzipped file does not decompress (zlib: ${(err as Error).message}) after ${consumedBytes} of its ${fileBytes} bytes: it is damaged. Copy it again, or take the snapshot again.`, consumedBytes, { cause: err });
  }
  return err;
}
