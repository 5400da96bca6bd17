import type { LessonPart } from '../lessons/schema.ts';
import { SEARCH_INDEX_FORMAT, type SearchIndex } from '../protocol/search-index.ts';
import { lessonPlainText } from './lesson-text.ts';
import { readingPath } from './reading-path.ts';

/** What the index needs of a content-collection entry (astro:content's type is not visible to tsc). */
export interface IndexableLesson {
  id: string;
  body?: string;
  data: { title: string; summary: string; part: LessonPart; order: number };
}

/** The search index of the lessons, in reading order with their positions; run at build time. */
export function buildSearchIndex(entries: readonly IndexableLesson[]): SearchIndex {
  const path = readingPath(entries, (l) => ({ id: l.id, part: l.data.part, order: l.data.order }));
  return {
    format: SEARCH_INDEX_FORMAT,
    lessons: path.map(({ lesson, position }) => ({
      id: lesson.id, position, title: lesson.data.title, summary: lesson.data.summary, part: lesson.data.part,
      text: lessonPlainText(lesson.body ?? ''),
    })),
  };
}
