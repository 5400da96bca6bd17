import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import type { Loader } from 'astro/loaders';
import { lessonSchema } from './lessons/schema.ts';
import { parseLessonFrontmatter } from './lessons/frontmatter-problems.ts';

// Lessons live at lessons/<NN-slug>/index.mdx; the folder name is the id (the URL and the
// recording's name), and the frontmatter `order` puts them in reading order (src/lessons/lesson-order.ts).
// The schema is shared with the CLI (src/lessons/schema.ts) so both reject the same bad frontmatter.
const files = glob({ base: './lessons', pattern: '*/index.mdx', generateId: ({ entry }) => entry.split('/')[0] });

// Each entry goes through parseLessonFrontmatter before Astro's own schema check, so a bad lesson
// fails the build with the same sentences `leaklab run` prints (naming the lesson, the field and
// the fix), not with zod's generic messages.
const lessonFiles: Loader = {
  name: 'lessons',
  load: (context) => files.load({
    ...context,
    parseData: (entry) => context.parseData({ ...entry, data: parseLessonFrontmatter(entry.id, entry.data) }),
  }),
};

const lessons = defineCollection({ loader: lessonFiles, schema: lessonSchema });

export const collections = { lessons };
