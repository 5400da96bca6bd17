import { LESSON_PARTS, type LessonPart } from './schema.ts';
import { LessonError } from './lesson-error.ts';

/** Where a lesson sits: its id (the folder name), its part and its frontmatter `order`. */
export interface LessonPlace {
  id: string;
  part: LessonPart;
  order: number;
}

/**
 * The lessons in reading order (frontmatter `order`, ascending). The folder prefix does not order
 * them: ids are URLs and recording names, so they never change when a lesson moves. Every list
 * and every prev/next link goes through here, so the site build and the CLI refuse the same
 * catalogue: two lessons with one order, or a lesson whose order puts it before a lesson of an
 * earlier part (the home page groups by part in LESSON_PARTS order, so prev/next would jump).
 */
export function orderLessons<T>(lessons: readonly T[], placeOf: (lesson: T) => LessonPlace): T[] {
  const placed = lessons.map((lesson) => ({ lesson, place: placeOf(lesson) }));
  const byOrder = new Map<number, string[]>();
  for (const { place } of placed) byOrder.set(place.order, [...(byOrder.get(place.order) ?? []), place.id]);
  for (const [order, ids] of byOrder) {
    if (ids.length < 2) continue;
    const nextFree = Math.max(...byOrder.keys()) + 1;
    throw new LessonError('bad-order',
      `Lessons ${ids.sort().join(' and ')} have the same order (${order}) in their frontmatter. Each lesson needs an order of its own; the next free one is ${nextFree}.`);
  }
  placed.sort((a, b) => a.place.order - b.place.order);
  const partRank = (part: LessonPart): number => LESSON_PARTS.indexOf(part);
  for (const { place } of placed) {
    const later = placed.find((p) => partRank(p.place.part) > partRank(place.part));
    if (!later || later.place.order > place.order) continue;
    throw new LessonError('bad-order',
      `Lesson ${place.id} (${place.part}, order ${place.order}) comes after lesson ${later.place.id} (${later.place.part}, order ${later.place.order}), ` +
      `but the reading order goes ${LESSON_PARTS.join(', ')}. Give ${place.id} an order below ${later.place.order}, or change its part.`);
  }
  return placed.map((p) => p.lesson);
}
