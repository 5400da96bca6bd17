import { SHARE_FORMAT_VERSION, SHARE_LIMITS, sharedProgramSchema, type SharedProgram } from '../../protocol/share-link.ts';

/** Why a share link could not be made or read; `message` says it to the learner with what to try. */
export class ShareLinkError extends Error {
  readonly code: 'too-long' | 'not-base64' | 'not-deflate' | 'too-big' | 'not-json' | 'newer-format' | 'bad-shape';
  constructor(code: ShareLinkError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ShareLinkError';
    this.code = code;
  }
}

export const SHARE_HASH_PREFIX = '#share=';

/** The `#share=` value of a hash, or null when the hash is not a share link. */
export function shareValueOf(hash: string): string | null {
  return hash.startsWith(SHARE_HASH_PREFIX) ? hash.slice(SHARE_HASH_PREFIX.length) : null;
}

/**
 * A program as a `#share=` value: JSON, deflated (CompressionStream 'deflate-raw'), base64url.
 * Refuses a program whose link would be longer than SHARE_LIMITS.maxHashChars.
 */
export async function encodeShare(program: SharedProgram): Promise<string> {
  const json = JSON.stringify(sharedProgramSchema.parse(program));
  const deflated = await pipeBytes(new TextEncoder().encode(json), new CompressionStream('deflate-raw'), Infinity);
  const value = toBase64Url(deflated);
  if (value.length > SHARE_LIMITS.maxHashChars) {
    throw new ShareLinkError('too-long',
      `This program makes a link of ${value.length.toLocaleString('en')} characters, more than the ${SHARE_LIMITS.maxHashChars.toLocaleString('en')} a share link may have. Share a shorter program, or send main.js as a file.`);
  }
  return value;
}

/**
 * Reads a `#share=` value back, checking each step: its length first (before any work), the
 * base64url, the deflate stream (stopping once it inflates past SHARE_LIMITS.maxJsonBytes), the
 * JSON, the format version, and the payload's schema.
 */
export async function decodeShare(value: string): Promise<SharedProgram> {
  if (value.length > SHARE_LIMITS.maxHashChars) {
    throw new ShareLinkError('too-long',
      `The link's program part is ${value.length.toLocaleString('en')} characters long; a share link has at most ${SHARE_LIMITS.maxHashChars.toLocaleString('en')}. It may have been pasted twice or joined with other text: ask for the link again.`);
  }
  const bytes = fromBase64Url(value);
  let inflated: Uint8Array;
  try {
    inflated = await pipeBytes(bytes, new DecompressionStream('deflate-raw'), SHARE_LIMITS.maxJsonBytes);
  } catch (err) {
    if (err instanceof ShareLinkError) throw err;
    throw new ShareLinkError('not-deflate', 'The link is damaged: its program part does not unpack (was it cut short when it was copied?). Ask for the link again.', { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
  } catch (err) {
    throw new ShareLinkError('not-json', 'The link is damaged: its program part unpacks, but not to a Leak Lab program. Ask for the link again.', { cause: err });
  }
  const version = typeof json === 'object' && json !== null ? (json as { v?: unknown }).v : undefined;
  if (typeof version === 'number' && version > SHARE_FORMAT_VERSION) {
    throw new ShareLinkError('newer-format', `The link was made by a newer Leak Lab (share format ${version}; this page reads format ${SHARE_FORMAT_VERSION}). Reload the page to get the newer version, or ask for the code itself.`);
  }
  const result = sharedProgramSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the program';
    throw new ShareLinkError('bad-shape', `The link does not hold a program this page can open (${where}: ${issue?.message ?? 'unknown shape'}). Ask for the link again.`);
  }
  return result.data;
}

/** Pushes `input` through a (de)compression stream; throws 'too-big' once the output passes `maxBytes`. */
async function pipeBytes(input: Uint8Array, transform: CompressionStream | DecompressionStream, maxBytes: number): Promise<Uint8Array> {
  const writer = transform.writable.getWriter();
  const writing = writer.write(input as Uint8Array<ArrayBuffer>).then(() => writer.close());
  writing.catch(() => undefined); // the reader below reports the stream's failure
  const reader = transform.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ShareLinkError('too-big', `The link unpacks to more than ${Math.round(maxBytes / 1024)} KiB, more than any program a link can carry. It was not opened.`);
    }
    chunks.push(value);
  }
  await writing;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) { out.set(chunk, at); at += chunk.byteLength; }
  return out;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(value: string): Uint8Array {
  if (!BASE64URL.test(value) || value.length % 4 === 1 || value.length === 0) {
    throw new ShareLinkError('not-base64', 'The link is damaged: its program part has characters a share link never has (was it edited, or broken across lines?). Ask for the link again.');
  }
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
