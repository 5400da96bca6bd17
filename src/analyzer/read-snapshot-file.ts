import { open } from 'node:fs/promises';
import { SnapshotParser, type ParsedSnapshot, type ParseProgress } from './snapshot-parser.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Node-only entry: streams a `.heapsnapshot` from disk through the parser in 4 MB chunks, so a
 * file larger than V8's string limit (~512 MB) still opens. One reused buffer; no file-sized copy.
 */
export async function readSnapshotFile(path: string, onProgress?: (p: ParseProgress) => void): Promise<ParsedSnapshot> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const parser = new SnapshotParser({ totalBytes: size, ...(onProgress && { onProgress }) });
    const buffer = new Uint8Array(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      parser.write(bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead));
    }
    return parser.finish();
  } finally {
    await file.close();
  }
}
