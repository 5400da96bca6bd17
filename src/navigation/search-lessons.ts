import type { SearchDocument } from '../protocol/search-index.ts';

/** A piece of a snippet: plain text, or the part that matched a search word. */
export interface SnippetPart {
  text: string;
  isMatch: boolean;
}

export interface SearchHit {
  lesson: SearchDocument;
  score: number;
  /** Where the words were found: the title, the summary or the text. */
  foundIn: 'title' | 'summary' | 'text';
  snippet: SnippetPart[];
}

/** The longest query worth reading; more is cut (a pasted page should not freeze the box). */
export const MAX_QUERY_CHARS = 200;
const SNIPPET_CONTEXT_CHARS = 70;
const WEIGHT = { title: 12, summary: 5, text: 1 } as const;

/** The query's words, lower case, without duplicates: "Event  listeners" -> ["event", "listeners"]. */
export function queryWords(query: string): string[] {
  const words = query.slice(0, MAX_QUERY_CHARS).toLowerCase().split(/[^\p{L}\p{N}_$.-]+/u).map((w) => w.replace(/^[.-]+|[.-]+$/g, ''));
  return [...new Set(words.filter((w) => w.length > 0))];
}

/**
 * The lessons that contain every word of `query` (anywhere in title, summary or text, as a word
 * or the start of one: "list" finds "listener"), best first: a word in the title counts most,
 * then the summary, then each time it appears in the text (up to five). Ties keep reading order.
 * An empty query finds nothing. Pure.
 */
export function searchLessons(lessons: readonly SearchDocument[], query: string): SearchHit[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const hits: SearchHit[] = [];
  for (const lesson of lessons) {
    const fields = { title: lesson.title.toLowerCase(), summary: lesson.summary.toLowerCase(), text: lesson.text.toLowerCase() };
    let score = 0;
    let isEveryWordFound = true;
    for (const word of words) {
      const inTitle = countStarts(fields.title, word, 1);
      const inSummary = countStarts(fields.summary, word, 1);
      const inText = countStarts(fields.text, word, 5);
      if (inTitle + inSummary + inText === 0) { isEveryWordFound = false; break; }
      score += inTitle * WEIGHT.title + inSummary * WEIGHT.summary + inText * WEIGHT.text;
    }
    if (!isEveryWordFound) continue;
    const foundIn = words.every((w) => countStarts(fields.title, w, 1)) ? 'title'
      : words.some((w) => countStarts(fields.summary, w, 1)) ? 'summary' : 'text';
    const source = foundIn === 'text' ? lesson.text : lesson.summary;
    hits.push({ lesson, score, foundIn, snippet: snippet(source, words) });
  }
  return hits.sort((a, b) => b.score - a.score || a.lesson.position - b.lesson.position);
}

/** How often `word` starts a word in `haystack` (lower case both), counting at most `limit`. */
function countStarts(haystack: string, word: string, limit: number): number {
  let count = 0;
  let from = 0;
  while (count < limit) {
    const at = haystack.indexOf(word, from);
    if (at < 0) break;
    if (at === 0 || !/[\p{L}\p{N}_$]/u.test(haystack[at - 1])) count++;
    from = at + word.length;
  }
  return count;
}

/** A window of `text` around the first match, with every match in it marked. */
export function snippet(text: string, words: readonly string[]): SnippetPart[] {
  const lower = text.toLowerCase();
  const first = Math.min(...words.map((w) => { const i = lower.indexOf(w); return i < 0 ? Infinity : i; }));
  const center = Number.isFinite(first) ? first : 0;
  const start = Math.max(0, center - SNIPPET_CONTEXT_CHARS);
  const end = Math.min(text.length, center + SNIPPET_CONTEXT_CHARS * 2);
  const window = text.slice(start, end);
  const windowLower = window.toLowerCase();
  const marks: [number, number][] = [];
  for (const word of words) {
    for (let at = windowLower.indexOf(word); at >= 0; at = windowLower.indexOf(word, at + word.length)) marks.push([at, at + word.length]);
  }
  marks.sort((a, b) => a[0] - b[0]);
  const parts: SnippetPart[] = [];
  let pos = 0;
  for (const [from, to] of marks) {
    if (from < pos) continue; // overlaps the previous mark
    if (from > pos) parts.push({ text: window.slice(pos, from), isMatch: false });
    parts.push({ text: window.slice(from, to), isMatch: true });
    pos = to;
  }
  if (pos < window.length) parts.push({ text: window.slice(pos), isMatch: false });
  if (start > 0) parts.unshift({ text: '…', isMatch: false });
  if (end < text.length) parts.push({ text: '…', isMatch: false });
  return parts;
}
