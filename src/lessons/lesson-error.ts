/** A lesson that cannot be read, or a catalogue whose lessons cannot be put in order. */
export class LessonError extends Error {
  readonly code: 'not-found' | 'bad-frontmatter' | 'bad-order';
  constructor(code: LessonError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LessonError';
    this.code = code;
  }
}
