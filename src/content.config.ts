import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './lessons/schema.ts';

// Lessons live at lessons/<NN-slug>/index.mdx; the NN prefix orders them. The schema is shared
// with the CLI (src/lessons/schema.ts) so both reject the same bad frontmatter.
const lessons = defineCollection({
  loader: glob({ base: './lessons', pattern: '*/index.mdx', generateId: ({ entry }) => entry.split('/')[0] }),
  schema: lessonSchema,
});

export const collections = { lessons };
