import { orderLessons, type LessonPlace } from '../lessons/lesson-order.ts';

/** A lesson's place on the path as a reader sees it. */
export interface PathStop<T> {
  lesson: T;
  /** 1-based place in the reading order: the number shown on the home page and the lesson page. */
  position: number;
  prev: T | null;
  next: T | null;
}

/**
 * The lessons in reading order with the number a reader sees for each (1, 2, 3…) and their
 * neighbours. The number is the reading position, never the folder prefix: folders keep their
 * names as URLs when a lesson moves (src/lessons/lesson-order.ts refuses a bad catalogue).
 */
export function readingPath<T>(lessons: readonly T[], placeOf: (lesson: T) => LessonPlace): PathStop<T>[] {
  const ordered = orderLessons(lessons, placeOf);
  return ordered.map((lesson, i) => ({ lesson, position: i + 1, prev: ordered[i - 1] ?? null, next: ordered[i + 1] ?? null }));
}

/** Two digits, as the home page has always shown them: 1 -> "01". */
export function positionLabel(position: number): string {
  return String(position).padStart(2, '0');
}
