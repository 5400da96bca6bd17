import { z } from 'zod';

/**
 * The lesson search index: built at build time (src/pages/search-index.json.ts) and fetched by the
 * search box, a file that crosses from the server to the page, so the page parses it once here.
 * `format` goes up when a field changes meaning; a page that gets another format says so.
 */
export const SEARCH_INDEX_FORMAT = 1;

export const searchDocumentSchema = z.object({
  /** The lesson's folder name: its URL. */
  id: z.string().min(1),
  /** Place in the reading order, from 1: the number the home page shows. */
  position: z.number().int().positive(),
  title: z.string(),
  summary: z.string(),
  part: z.string(),
  /** The lesson's text without markup, code blocks included (their names are what people search for). */
  text: z.string(),
});
export interface SearchDocument extends z.infer<typeof searchDocumentSchema> {}

export const searchIndexSchema = z.object({
  format: z.literal(SEARCH_INDEX_FORMAT),
  lessons: z.array(searchDocumentSchema),
});
export interface SearchIndex extends z.infer<typeof searchIndexSchema> {}

/** Reads a fetched index; throws an error that says what is wrong and what to do. */
export function parseSearchIndex(value: unknown): SearchIndex {
  const result = searchIndexSchema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new Error(`The lesson search index is not one this page can read (${first ? `${first.path.join('.') || 'the file'}: ${first.message}` : 'unknown shape'}). Reload the page; if it persists, rebuild the site (npm run build).`);
}
