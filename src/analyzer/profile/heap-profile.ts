import { ProfileParseError } from '../errors.ts';

/** A function as a profile or an allocation trace names it. Lines and columns 1-based; 0 = unknown. */
export interface RawFrame {
  functionName: string; url: string; scriptId: number; line: number; column: number;
  /** Set when a source map moved the frame: where it was in the generated script. */
  generated?: { url: string; line: number; column: number };
}

/**
 * A call tree in flat arrays, parents before children: what both a sampling heap profile and a
 * snapshot's allocation trace tree come down to. `selfBytes` and `selfCount` are what was
 * allocated at each node (for a profile: sampled bytes and samples).
 */
export interface CallNodes {
  /** Index of the parent node; -1 for the root. */
  parentOf: Int32Array;
  /** Index into `frames`; equal frames share one index. */
  frameOf: Uint32Array;
  selfBytes: Float64Array;
  selfCount: Float64Array;
}

/** A sampling heap profile (`.heapprofile`: `node --heap-prof`, DevTools, HeapProfiler.getSamplingProfile). */
export interface HeapProfile {
  frames: RawFrame[];
  nodes: CallNodes;
  /** The profile lists its samples (Node and DevTools write them): sample counts are known. */
  hasSamples: boolean;
  /** The median sample's size: about the sampling interval, what one sample stands for. */
  sampleIntervalBytes?: number;
}

const CPU_PROFILE_KEYS = ['nodes', 'startTime', 'endTime', 'timeDeltas'];

/**
 * Reads a sampling heap profile from its JSON text: `{ head, samples }`, or the inspector's
 * reply `{ profile: { head, samples } }`. Every node is checked; a file of another kind or a
 * damaged one gets an error that says what it is or what is wrong.
 */
export function parseHeapProfile(text: string): HeapProfile {
  if (text.trim() === '') throw new ProfileParseError('empty', 'The profile is empty (0 bytes of JSON). Was it still being written when it was read?');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw jsonError(text, cause);
  }
  const root = isObject(json) && isObject(json.profile) && 'head' in json.profile ? json.profile : json;
  if (!isObject(root) || !isObject(root.head)) throw notAProfile(json);
  const frames: RawFrame[] = [];
  const frameIds = new Map<string, number>();
  const parentOf: number[] = [], frameOf: number[] = [], selfBytes: number[] = [];
  const indexOfId = new Map<number, number>();
  // Depth first with an explicit stack (a profile can be as deep as V8's stack limit).
  const stack: [unknown, number, string][] = [[root.head, -1, 'head']];
  while (stack.length > 0) {
    const [node, parent, where] = stack.pop()!;
    if (!isObject(node)) throw bad(where, 'is not an object');
    const frame = readFrame(node.callFrame, `${where}.callFrame`);
    const key = `${frame.functionName}\0${frame.url}\0${frame.scriptId}\0${frame.line}\0${frame.column}`;
    let frameId = frameIds.get(key);
    if (frameId === undefined) { frameId = frames.length; frames.push(frame); frameIds.set(key, frameId); }
    const size = node.selfSize;
    if (typeof size !== 'number' || !Number.isFinite(size) || size < 0) throw bad(`${where}.selfSize`, `is ${JSON.stringify(size)}, not a size in bytes`);
    const index = parentOf.length;
    if (typeof node.id === 'number') indexOfId.set(node.id, index);
    parentOf.push(parent); frameOf.push(frameId); selfBytes.push(size);
    const children = node.children ?? [];
    if (!Array.isArray(children)) throw bad(`${where}.children`, 'is not an array');
    for (let k = children.length - 1; k >= 0; k--) stack.push([children[k], index, `${where}.children[${k}]`]);
  }
  const selfCount = new Float64Array(parentOf.length);
  const samples = root.samples;
  let sampleIntervalBytes: number | undefined;
  if (samples !== undefined) {
    if (!Array.isArray(samples)) throw bad('samples', 'is not an array');
    const sizes: number[] = [];
    for (let k = 0; k < samples.length; k++) {
      const sample: unknown = samples[k];
      if (!isObject(sample) || typeof sample.nodeId !== 'number' || typeof sample.size !== 'number') throw bad(`samples[${k}]`, 'is not a { size, nodeId } sample');
      // V8 can list a sample of a node it left out of the tree (a few, of an allocation made
      // while the profile was taken): its bytes are in no node, so it counts nowhere either.
      const index = indexOfId.get(sample.nodeId);
      if (index !== undefined) selfCount[index]++;
      sizes.push(sample.size);
    }
    if (sizes.length > 0) sampleIntervalBytes = sizes.sort((x, y) => x - y)[sizes.length >> 1];
  }
  return {
    frames,
    nodes: { parentOf: Int32Array.from(parentOf), frameOf: Uint32Array.from(frameOf), selfBytes: Float64Array.from(selfBytes), selfCount },
    hasSamples: samples !== undefined,
    ...(sampleIntervalBytes !== undefined && { sampleIntervalBytes }),
  };
}

function readFrame(value: unknown, where: string): RawFrame {
  if (!isObject(value)) throw bad(where, 'is missing');
  const { functionName, url, scriptId, lineNumber, columnNumber } = value;
  if (typeof functionName !== 'string') throw bad(`${where}.functionName`, 'is not a string');
  if (typeof url !== 'string') throw bad(`${where}.url`, 'is not a string');
  const script = typeof scriptId === 'string' ? Number(scriptId) : scriptId;
  if (typeof script !== 'number' || !Number.isInteger(script) || script < 0) throw bad(`${where}.scriptId`, `is ${JSON.stringify(scriptId)}, not a script id`);
  for (const [name, n] of [['lineNumber', lineNumber], ['columnNumber', columnNumber]] as const) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < -1) throw bad(`${where}.${name}`, `is ${JSON.stringify(n)}, not a 0-based position or -1`);
  }
  // The profile's positions are 0-based, -1 unknown.
  return { functionName, url, scriptId: script, line: (lineNumber as number) + 1, column: (columnNumber as number) + 1 };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bad(where: string, what: string): ProfileParseError {
  return new ProfileParseError('bad-value', `The profile's ${where} ${what}. The file is damaged: record the profile again.`);
}

/** What the JSON is instead, said in words a user can act on. */
function notAProfile(json: unknown): ProfileParseError {
  if (!isObject(json)) return new ProfileParseError('not-a-profile', `The file is JSON but not a heap profile: it holds ${Array.isArray(json) ? 'an array' : `a ${typeof json}`}, where a profile is an object with a "head" node.`);
  const keys = Object.keys(json);
  const shown = keys.slice(0, 5).map((k) => `"${k}"`).join(', ') + (keys.length > 5 ? ', ...' : '');
  if (isObject(json.snapshot)) return new ProfileParseError('not-a-profile', `The file is a heap snapshot, not a sampling heap profile: open it with \`leaklab summary\`.`);
  if (CPU_PROFILE_KEYS.every((k) => k in json)) return new ProfileParseError('not-a-profile', 'The file is a CPU profile (.cpuprofile), not a heap profile. Record one with `node --heap-prof` (or DevTools\' Allocation sampling).');
  return new ProfileParseError('not-a-profile', `The file is JSON but not a heap profile: its keys are ${shown || 'none'}, where a profile has "head" (and "samples"). Is it the right file?`);
}

/** A JSON.parse failure with the byte it happened at: cut short, or not JSON at all. */
function jsonError(text: string, cause: unknown): ProfileParseError {
  const message = (cause as Error).message;
  const position = /position (\d+)/.exec(message);
  const bytes = new TextEncoder().encode(text).length;
  if (/Unexpected end of JSON input|Unterminated/.test(message) || (position && Number(position[1]) >= text.trimEnd().length)) {
    return new ProfileParseError('truncated', `The profile ends after ${bytes} bytes, before its JSON does: the file is cut short. Copy it again in full, or record the profile again (node --heap-prof writes it when the process exits).`, bytes, { cause });
  }
  const at = position ? new TextEncoder().encode(text.slice(0, Number(position[1]))).length : undefined;
  return new ProfileParseError('not-json', `The file is not JSON (${message.replace(/ in JSON at position.*$/, '')}), so not a heap profile. Is it the right file?`, at, { cause });
}
