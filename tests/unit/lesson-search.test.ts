import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lessonPlainText } from '../../src/navigation/lesson-text.ts';
import { positionLabel, readingPath } from '../../src/navigation/reading-path.ts';
import { queryWords, searchLessons } from '../../src/navigation/search-lessons.ts';
import { parseSearchIndex, type SearchDocument } from '../../src/protocol/search-index.ts';

const lessons: SearchDocument[] = [
  { id: '06-timers', position: 6, title: 'Timers that hold on', summary: 'A setInterval per request keeps its closure.', part: 'patterns', text: 'Call clearInterval when the client leaves. Timers keep their callbacks alive.' },
  { id: '05-event-listeners', position: 5, title: 'Event listeners never removed', summary: 'Each request adds a listener.', part: 'patterns', text: 'removeListener or once: the emitter keeps every listener. A timer is not involved.' },
  { id: '08-unbounded-cache', position: 8, title: 'An unbounded cache', summary: 'A Map used as a cache grows with every key.', part: 'patterns', text: 'Bound it with lru-cache. '.repeat(20) + 'The heap snapshot shows Map entries.' },
];

test('the lessons are numbered by reading position, not by folder prefix, with their neighbours', () => {
  const catalogue = [
    { id: '01-global-variables', part: 'patterns' as const, order: 4 },
    { id: '02-what-a-leak-is', part: 'basics' as const, order: 1 },
    { id: '05-event-listeners', part: 'patterns' as const, order: 5 },
  ];
  const path = readingPath(catalogue, (l) => l);
  assert.deepEqual(path.map((s) => [s.lesson.id, s.position, s.prev?.id ?? null, s.next?.id ?? null]), [
    ['02-what-a-leak-is', 1, null, '01-global-variables'],
    ['01-global-variables', 2, '02-what-a-leak-is', '05-event-listeners'],
    ['05-event-listeners', 3, '01-global-variables', null],
  ]);
  assert.equal(positionLabel(2), '02');
});

test('a lesson\u2019s MDX becomes the words a reader sees, code blocks kept and imports and tags dropped', () => {
  const mdx = [
    '---', 'title: T', 'summary: S', '---',
    "import MarkSweep from '../../src/components/MarkSweep.astro';",
    '## Why it *happens*', '', 'See [the docs](https://nodejs.org) and `auditLog`.', '<MarkSweep />',
    '```js', "import { Session } from 'node:inspector/promises';", 'setInterval(tick, 1000);', '```',
    '- one', '> quoted',
  ].join('\n');
  assert.equal(lessonPlainText(mdx), "Why it happens See the docs and auditLog. import { Session } from 'node:inspector/promises'; setInterval(tick, 1000); one quoted");
});

test('a search finds the lessons holding every word, as a word or its start, title matches first', () => {
  assert.deepEqual(searchLessons(lessons, 'timer').map((h) => h.lesson.id), ['06-timers', '05-event-listeners'], 'the title beats a mention in the text');
  assert.deepEqual(searchLessons(lessons, 'listener emitter').map((h) => h.lesson.id), ['05-event-listeners']);
  assert.deepEqual(searchLessons(lessons, 'LIST').map((h) => h.lesson.id), ['05-event-listeners'], 'case does not matter; a word start matches');
  assert.deepEqual(searchLessons(lessons, 'ache').map((h) => h.lesson.id), [], 'the middle of a word does not');
  assert.deepEqual(searchLessons(lessons, 'setInterval').map((h) => h.foundIn), ['summary']);
  assert.deepEqual(searchLessons(lessons, '   '), [], 'an empty query finds nothing');
  assert.deepEqual(searchLessons(lessons, 'cache nowhere-to-be-found'), [], 'every word must be found');
});

test('a hit\u2019s snippet is a window around the first match with every match marked', () => {
  const [hit] = searchLessons(lessons, 'heap snapshot');
  assert.equal(hit.lesson.id, '08-unbounded-cache');
  assert.deepEqual(hit.snippet.filter((p) => p.isMatch).map((p) => p.text), ['heap', 'snapshot']);
  assert.equal(hit.snippet[0].text, '…', 'a window that starts inside the text says so');
  assert.ok(hit.snippet.map((p) => p.text).join('').length < 230);
});

test('query words are cut to a sane length and split on anything that is not part of a name', () => {
  assert.deepEqual(queryWords('  AbortSignal.any,  lru-cache; ; '), ['abortsignal.any', 'lru-cache']);
  assert.equal(queryWords('x'.repeat(10_000)).join('').length, 200);
});

test('a search index of another format or shape is refused with what is wrong and what to do', () => {
  assert.equal(parseSearchIndex({ format: 1, lessons }).lessons.length, 3);
  assert.throws(() => parseSearchIndex({ format: 2, lessons }), /not one this page can read \(format: .*Reload the page/);
  assert.throws(() => parseSearchIndex({ format: 1, lessons: [{ id: 'x' }] }), /lessons\.0\.position/);
});
