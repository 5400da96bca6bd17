// Left out of tsc (tsconfig.json) like src/content.config.ts: only Astro knows `astro:content`.
// Kept to one call; the typed work is buildSearchIndex (src/navigation/build-search-index.ts).
import { getCollection } from 'astro:content';
import { buildSearchIndex } from '../navigation/build-search-index.ts';

/** The lesson search index, written once at build time as /search-index.json (same origin, so offline). */
export async function GET() {
  return new Response(JSON.stringify(buildSearchIndex(await getCollection('lessons'))), { headers: { 'Content-Type': 'application/json' } });
}
