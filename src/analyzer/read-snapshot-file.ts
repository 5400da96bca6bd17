import { open } from 'node:fs/promises';
import { SnapshotParser, type ParsedSnapshot, type ParseProgress } from './snapshot-parser.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Node-only entry: streams a `.heapsnapshot` from disk through the parser in 4 MB chunks, so a
 * file larger than V8's string limit (~512 MB) still opens. Two buffers taking turns: the next
 * chunk is read (on libuv's thread pool) while this one is parsed, so the main thread does not
 * sit idle for the disk; the parser copies whatever it keeps, so a buffer is free to refill
 * once write() returns. No file-sized copy.
 */
export async function readSnapshotFile(path: string, onProgress?: (p: ParseProgress) => void): Promise<ParsedSnapshot> {
  const file = await open(path, 'r');
  // The read in flight when a parse error is thrown must settle before the file closes.
  let reading: Promise<{ bytesRead: number }> | undefined;
  try {
    const { size } = await file.stat();
    const parser = new SnapshotParser({ totalBytes: size, ...(onProgress && { onProgress }) });
    const buffers = [new Uint8Array(CHUNK_BYTES), new Uint8Array(CHUNK_BYTES)];
    let turn = 0;
    reading = file.read(buffers[turn], 0, CHUNK_BYTES, null);
    for (;;) {
      const { bytesRead } = await reading;
      reading = undefined;
      if (bytesRead === 0) break;
      const chunk = buffers[turn];
      turn ^= 1;
      reading = file.read(buffers[turn], 0, CHUNK_BYTES, null);
      parser.write(bytesRead === CHUNK_BYTES ? chunk : chunk.subarray(0, bytesRead));
    }
    return parser.finish();
  } finally {
    await reading?.catch(() => undefined);
    await file.close();
  }
}
