import type { LessonFrontmatter } from '../lessons/schema.ts';

/**
 * What the lesson page hands the playground, as JSON in a `<script type="application/json">`:
 * built at build time from the lesson's frontmatter and files.
 */
export interface PlaygroundConfig {
  lessonId: string;
  title: string;
  meta: LessonFrontmatter;
  /** The two programs the learner switches between; `main.js` gets one of them (or the learner's edit). */
  sources: { leaky: string; fixed: string };
  /** Other files from the lesson folder (helpers, data), sent along with every run. */
  extraFiles: Record<string, string>;
}

/** Serializes a config for inline `<script>` use: `<` is escaped so program text cannot close the tag. */
export function configToInlineJson(config: PlaygroundConfig): string {
  return JSON.stringify(config).replace(/</g, '\\u003c');
}
