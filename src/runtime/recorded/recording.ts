import { parseLessonRecording, RECORDING_FORMAT, type LessonRecording, type RecordedClassDiff, type VariantRecording } from '../../protocol/recording.ts';

// The format itself is a boundary (written by scripts/record.ts, read by the page): src/protocol/recording.ts.
export { RECORDING_FORMAT, type LessonRecording, type RecordedClassDiff, type VariantRecording };

export class RecordingError extends Error {
  readonly code: 'missing' | 'bad-format';
  constructor(code: RecordingError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RecordingError';
    this.code = code;
  }
}

/** Checks a recording file's JSON against the format; throws a RecordingError that says how to make it again. */
export function parseRecording(value: unknown, source: string): LessonRecording {
  const parsed = parseLessonRecording(value);
  if (parsed.ok) return parsed.value;
  const slug = typeof value === 'object' && value !== null && typeof (value as { slug?: unknown }).slug === 'string' ? ` ${(value as { slug: string }).slug}` : '';
  throw new RecordingError('bad-format', `${source}: ${parsed.problem}; run \`npm run record${slug}\` to make it again.`);
}
