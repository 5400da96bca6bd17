import type { ClientMessage } from '../protocol/socket-messages.ts';
import type { LoadProfile, Permissions, ProgramSpec } from '../protocol/program.ts';
import { FIGURES, type Figure } from '../protocol/samples.ts';

export class BadMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadMessageError';
  }
}

const MAX_FILES = 16;
const MAX_FILE_CHARS = 200_000;

/** Parses one WebSocket text frame into a ClientMessage, or throws BadMessageError saying what is wrong. */
export function parseClientMessage(text: string): ClientMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BadMessageError('The message is not JSON.');
  }
  const msg = record(raw, 'message');
  switch (msg.type) {
    case 'start':
      return { type: 'start', token: str(msg.token, 'token', 200), program: parseProgram(record(msg.program, 'program')) };
    case 'stop':
      return { type: 'stop' };
    case 'snapshot':
      return { type: 'snapshot', token: str(msg.token, 'token', 200) };
    case 'watch':
      return { type: 'watch', token: str(msg.token, 'token', 200) };
    default:
      throw new BadMessageError(`Unknown message type ${JSON.stringify(msg.type)}.`);
  }
}

function parseProgram(p: Record<string, unknown>): ProgramSpec {
  const filesRaw = record(p.files, 'program.files');
  const names = Object.keys(filesRaw);
  if (names.length === 0 || names.length > MAX_FILES) throw new BadMessageError(`program.files must hold 1 to ${MAX_FILES} files.`);
  const files: Record<string, string> = {};
  for (const name of names) files[name] = str(filesRaw[name], `program.files.${name}`, MAX_FILE_CHARS);
  const variant = oneOf(p.variant, ['leaky', 'fixed', 'custom'] as const, 'program.variant');
  return {
    lessonSlug: p.lessonSlug === undefined ? undefined : str(p.lessonSlug, 'program.lessonSlug', 100),
    variant,
    files,
    entry: str(p.entry, 'program.entry', 100),
    moduleType: oneOf(p.moduleType, ['commonjs', 'module'] as const, 'program.moduleType'),
    load: p.load === undefined || p.load === null ? undefined : parseLoad(record(p.load, 'program.load')),
    figure: oneOf(p.figure, FIGURES, 'program.figure') as Figure,
    dependencies: strArray(p.dependencies, 'program.dependencies', 20),
    permissions: parsePermissions(record(p.permissions, 'program.permissions')),
    nodeFlags: strArray(p.nodeFlags, 'program.nodeFlags', 10),
    heapCapMiB: int(p.heapCapMiB, 'program.heapCapMiB', 16, 4096),
  };
}

function parseLoad(l: Record<string, unknown>): LoadProfile {
  const paths = strArray(l.paths, 'program.load.paths', 20);
  if (paths.length === 0 || paths.some((path) => !path.startsWith('/'))) throw new BadMessageError('program.load.paths must be paths starting with /.');
  return {
    paths,
    ratePerSec: int(l.ratePerSec, 'program.load.ratePerSec', 1, 2000),
    connections: int(l.connections, 'program.load.connections', 1, 64),
    method: oneOf(l.method, ['GET', 'POST'] as const, 'program.load.method'),
  };
}

function parsePermissions(p: Record<string, unknown>): Permissions {
  return {
    childProcess: bool(p.childProcess, 'program.permissions.childProcess'),
    worker: bool(p.worker, 'program.permissions.worker'),
    addons: bool(p.addons, 'program.permissions.addons'),
    fsWrite: strArray(p.fsWrite, 'program.permissions.fsWrite', 10),
  };
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BadMessageError(`${what} must be an object.`);
  return v as Record<string, unknown>;
}
function str(v: unknown, what: string, maxChars: number): string {
  if (typeof v !== 'string') throw new BadMessageError(`${what} must be a string.`);
  if (v.length > maxChars) throw new BadMessageError(`${what} is longer than ${maxChars} characters.`);
  return v;
}
function strArray(v: unknown, what: string, maxItems: number): string[] {
  if (!Array.isArray(v) || v.length > maxItems) throw new BadMessageError(`${what} must be a list of at most ${maxItems} strings.`);
  return v.map((item, i) => str(item, `${what}[${i}]`, 500));
}
function int(v: unknown, what: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new BadMessageError(`${what} must be a whole number from ${min} to ${max}.`);
  return v;
}
function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new BadMessageError(`${what} must be true or false.`);
  return v;
}
function oneOf<T extends string>(v: unknown, options: readonly T[], what: string): T {
  if (typeof v !== 'string' || !options.includes(v as T)) throw new BadMessageError(`${what} must be one of ${options.join(', ')}.`);
  return v as T;
}
