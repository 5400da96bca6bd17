import type { ExitReason } from '../../protocol/run-events.ts';
import type { Figure, FloorPoint, MemorySample } from '../../protocol/samples.ts';

/** Bumped when the shape changes; older files are refused with a "run npm run record" message. */
export const RECORDING_FORMAT = 1;

/** One class of a snapshot comparison (the top of `leaklab run --diff`). */
export interface RecordedClassDiff {
  name: string;
  countDelta: number;
  sizeDelta: number;
  addedRetainedSize: number;
}

/** One program's run on real Node, as `npm run record` saved it. */
export interface VariantRecording {
  /** sha256 of what made the run (src/runtime/recorded/program-hash.ts); stale when the lesson changes. */
  programHash: string;
  durationSec: number;
  heapLimitBytes: number;
  /** Each sample with its active-handle count. */
  samples: (MemorySample & { activeHandles: number })[];
  floors: FloorPoint[];
  /** Cumulative requests answered, as the load driver reported them. */
  load: { atMs: number; requests: number; errors: number }[];
  /** The program's output, with the program-clock time each piece arrived; capped. */
  output: { atMs: number; stream: 'stdout' | 'stderr'; text: string }[];
  /** Recordings made before the verdict's numbers were renamed have floorSlopeBytesPerSec and bytesPerRequest instead; only verdict, figure and reason are read. */
  verdict: { verdict: 'leaking' | 'flat' | 'unknown'; figure: Figure; unit?: 'bytes' | 'handles'; slopePerSec?: number; perRequest?: number | null; reason: string };
  exit: { reason: ExitReason; code: number | null; signal: string | null; message: string };
  /** Top classes by retained size added between a snapshot after warm-up and one at the end. */
  diff: { classes: RecordedClassDiff[]; note?: string } | null;
  /** Why there is no comparison (e.g. the program crashed before the second snapshot). */
  diffMissingReason?: string;
}

/** `public/recordings/<slug>.json`: one lesson's recorded runs. */
export interface LessonRecording {
  format: typeof RECORDING_FORMAT;
  slug: string;
  /** `process.version` of the Node that ran the programs. */
  nodeVersion: string;
  recordedAt: string;
  variants: Partial<Record<'leaky' | 'fixed', VariantRecording>>;
}

export class RecordingError extends Error {
  readonly code: 'missing' | 'bad-format';
  constructor(code: RecordingError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RecordingError';
    this.code = code;
  }
}

/** Checks the parts a replay relies on; the file is ours (written by scripts/record.ts), so fields are trusted after that. */
export function parseRecording(value: unknown, source: string): LessonRecording {
  const rec = value as Partial<LessonRecording> | null;
  if (typeof rec !== 'object' || rec === null || rec.format !== RECORDING_FORMAT) {
    throw new RecordingError('bad-format', `${source} is not a format-${RECORDING_FORMAT} recording; run \`npm run record\` to make it again.`);
  }
  if (typeof rec.slug !== 'string' || typeof rec.nodeVersion !== 'string' || typeof rec.variants !== 'object' || rec.variants === null) {
    throw new RecordingError('bad-format', `${source} lacks slug, nodeVersion or variants; run \`npm run record\` to make it again.`);
  }
  for (const [name, variant] of Object.entries(rec.variants)) {
    if (!variant || !Array.isArray(variant.samples) || !Array.isArray(variant.floors) || !Array.isArray(variant.load) || !variant.verdict) {
      throw new RecordingError('bad-format', `${source}: the ${name} recording lacks its series; run \`npm run record ${rec.slug}\`.`);
    }
  }
  return rec as LessonRecording;
}
