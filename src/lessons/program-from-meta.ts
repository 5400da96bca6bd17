import type { LessonFrontmatter } from './schema.ts';
import type { ProgramSpec } from '../protocol/program.ts';

/** Builds a ProgramSpec from frontmatter and files; shared by the CLI and the page. */
export function programFromMeta(
  meta: LessonFrontmatter,
  files: Record<string, string>,
  variant: ProgramSpec['variant'],
  lessonSlug?: string,
): ProgramSpec {
  return {
    lessonSlug,
    variant,
    files,
    entry: 'main.js',
    moduleType: meta.moduleType,
    load: meta.load ? { ...meta.load } : undefined,
    figure: meta.figure,
    dependencies: meta.dependencies,
    permissions: meta.permissions,
    nodeFlags: meta.nodeFlags,
    heapCapMiB: meta.heapCapMiB,
  };
}
