import type { LessonFrontmatter } from '../../lessons/schema.ts';
import type { CheckRequest } from '../../protocol/response-check.ts';

/**
 * Whether a lesson offers "Check my fix": it is a server under load whose fixed.js is expected to
 * be flat (the pattern lessons, the methods and beyond lessons, the mystery lessons). The
 * checklist and programs that are not servers have nothing to check.
 */
export function hasChallenge(meta: LessonFrontmatter): boolean {
  return meta.load !== undefined && meta.expect.fixed === 'flat';
}

/**
 * The requests a check sends: the lesson's own `check`, or, for a lesson without one, each load
 * path asked as the load asks it, which must answer 200 with something in the body. The default
 * catches a deleted handler or an empty answer, not dropped work: that takes the lesson's own check.
 */
export function lessonCheck(meta: LessonFrontmatter): { requests: CheckRequest[]; isDefault: boolean } {
  if (meta.check) return { requests: meta.check, isDefault: false };
  const load = meta.load;
  if (!load) return { requests: [], isDefault: true };
  const requests = load.paths.slice(0, 10).map((path): CheckRequest => ({
    method: load.method,
    path,
    ...(load.headers ? { headers: load.headers } : {}),
    ...(load.body !== undefined ? { body: load.body } : {}),
    expect: { status: 200, body: '\\S' },
  }));
  return { requests, isDefault: true };
}
