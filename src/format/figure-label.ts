import type { Figure } from '../protocol/samples.ts';

/** What the learner reads for each figure. */
export const FIGURE_LABEL: Readonly<Record<Figure, string>> = {
  heapUsed: 'heapUsed floor',
  external: 'external floor',
  arrayBuffers: 'arrayBuffers floor',
  rss: 'rss',
  handles: 'active handles',
};
