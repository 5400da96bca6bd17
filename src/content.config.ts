import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './lessons/schema.ts';

// Lessons live at lessons/<NN-slug>/index.mdx; the folder name is the id (the URL and the
// recording's name), and the frontmatter `order` puts them in reading order (src/lessons/lesson-order.ts).
// The schema is shared with the CLI (src/lessons/schema.ts) so both reject the same bad frontmatter.
const lessons = defineCollection({
  loader: glob({ base: './lessons', pattern: '*/index.mdx', generateId: ({ entry }) => entry.split('/')[0] }),
  schema: lessonSchema,
});

export const collections = { lessons };
