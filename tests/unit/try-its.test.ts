// Every lesson's try-its, as the <TryIt> elements of its MDX name them, put through the page's
// own controls: the run settings' fields and their one validator (settings-rules.ts), the
// snapshot button and the signals where the runtime has them, the Files tab for what a flag
// writes. A try-it that names a setting the page lacks, a flag off the allow-list or a value the
// validator refuses fails here, with the lesson and the try-it named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listLessons, type Lesson } from '../../src/lessons/read-lesson.ts';
import { programFromMeta } from '../../src/lessons/program-from-meta.ts';
import { LESSONS_DIR } from '../../src/project-paths.ts';
import { isAllowedNodeFlag } from '../../src/protocol/node-flags.ts';
import { settingsOf } from '../../src/protocol/run-settings.ts';
import { TRY_IT_SETTING_OF, tryItNeedsSchema, type TryItNeeds } from '../../src/protocol/try-it.ts';
import { editSetting, LOAD_FIELDS, SETTINGS_FIELDS, settingsSlice } from '../../src/playground/page-state/settings-rules.ts';

interface FoundTryIt {
  lesson: Lesson;
  /** `lesson 04 try-it 2 ("Get a snapshot written…")`, for the messages. */
  where: string;
  attributes: Record<string, string | true>;
  text: string;
}

/** The lesson's "## Try it" section: from its heading to the next one of the same level. */
function tryItSection(mdx: string): string | null {
  const start = mdx.search(/^## Try it\s*$/m);
  if (start < 0) return null;
  const rest = mdx.slice(start).replace(/^## Try it\s*$/m, '');
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

/** The <TryIt> elements of a section, their attributes (`name="value"` or bare) and their text. */
function tryItsIn(section: string): Array<{ attributes: Record<string, string | true>; text: string }> {
  return [...section.matchAll(/<TryIt(\s[^>]*)?>([\s\S]*?)<\/TryIt>/g)].map((m) => {
    const attributes: Record<string, string | true> = {};
    for (const a of (m[1] ?? '').matchAll(/([A-Za-z]+)(?:="([^"]*)")?/g)) attributes[a[1]] = a[2] ?? true;
    return { attributes, text: m[2].trim() };
  });
}

const lessons = await listLessons(LESSONS_DIR);
const found: FoundTryIt[] = [];
const sections = new Map<string, string>();
for (const lesson of lessons) {
  const section = tryItSection(await readFile(path.join(lesson.dir, 'index.mdx'), 'utf8'));
  if (section === null) continue;
  sections.set(lesson.slug, section);
  tryItsIn(section).forEach((t, i) => found.push({ lesson, where: `lesson ${lesson.slug} try-it ${i + 1} ("${t.text.slice(0, 40)}…")`, ...t }));
}

/** The file kinds a run writes under `flags`, as the Files tab names them. */
function kindsWrittenBy(flags: readonly string[]): Set<string> {
  const kinds = new Set<string>();
  for (const flag of flags) {
    if (flag === '--heap-prof') kinds.add('heapprofile');
    if (flag === '--cpu-prof') kinds.add('cpuprofile');
    if (flag.startsWith('--heapsnapshot-')) kinds.add('heapsnapshot');
    if (flag.startsWith('--report-on') || flag === '--report-uncaught-exception') kinds.add('report');
  }
  return kinds;
}

/** Whether the page can do everything `needs` asks on `lesson`: the problems, in words. */
function problemsOf(lesson: Lesson, needs: TryItNeeds): string[] {
  const problems: string[] = [];
  const defaults = settingsOf(programFromMeta(lesson.meta, { 'main.js': '' }, needs.program, lesson.slug), null);
  let slice = settingsSlice(defaults);
  for (const [attribute, field] of Object.entries(TRY_IT_SETTING_OF)) {
    const value = needs[attribute as keyof typeof TRY_IT_SETTING_OF];
    if (value === undefined) continue;
    if (LOAD_FIELDS.includes(field) && slice.baseLoad === null) problems.push(`${attribute} sets a load, and this lesson's program gets none`);
    slice = editSetting(slice, field, value);
  }
  for (const [field, problem] of Object.entries(slice.problems)) problems.push(`the ${field} setting refuses it: ${problem}`);
  const localOnly = !lesson.meta.runtimes.includes('local');
  if (needs.snapshots && localOnly) problems.push('it takes snapshots, and the lesson does not run on the local runner, the runtime with snapshots');
  if (needs.signal && localOnly) problems.push('it sends a signal, which only the local runner can');
  if (needs.files) {
    const flags = slice.checked?.nodeFlags ?? [];
    const written = kindsWrittenBy(flags);
    for (const kind of needs.files.split(/\s+/)) if (!written.has(kind)) problems.push(`it expects a .${kind} file, and no flag of the run (${flags.join(' ') || 'none'}) writes one`);
  }
  return problems;
}

test('every lesson with a Try it section lists its try-its as <TryIt> elements, and nothing else', () => {
  assert.ok(sections.size >= 22, `only ${sections.size} lessons have a Try it section`);
  for (const [slug, section] of sections) {
    const rest = section.replace(/<TryIts>|<\/TryIts>/g, '').replace(/<TryIt(\s[^>]*)?>[\s\S]*?<\/TryIt>/g, '').trim();
    assert.equal(rest, '', `lesson ${slug}: its Try it section has text outside a <TryIt> (a learner would read a try-it the list does not have): ${rest.slice(0, 120)}`);
    assert.ok(found.some((t) => t.lesson.slug === slug), `lesson ${slug}: its Try it section has no <TryIt>`);
  }
});

test('every try-it names only what the page has, in the form its controls take', () => {
  assert.ok(found.length >= 40, `only ${found.length} try-its found`);
  const problems: string[] = [];
  for (const t of found) {
    const parsed = tryItNeedsSchema.safeParse(t.attributes);
    if (!parsed.success) {
      problems.push(`${t.where}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      continue;
    }
    for (const p of problemsOf(t.lesson, parsed.data)) problems.push(`${t.where}: ${p}`);
  }
  assert.deepEqual(problems, []);
});

test('a try-it that names a node flag in its text sets it, unless it is done outside the page', () => {
  const problems: string[] = [];
  for (const t of found) {
    const needs = tryItNeedsSchema.parse(t.attributes);
    if (needs.outside) continue;
    const set = new Set([...(needs.flags?.split(/\s+/) ?? []), ...(needs.flags === undefined ? t.lesson.meta.nodeFlags : [])]);
    for (const [flag] of t.text.matchAll(/--[a-z][a-z-]*(=[\w]+)?/g)) {
      if (isAllowedNodeFlag(flag) && !set.has(flag)) problems.push(`${t.where}: its text names ${flag}, and its flags attribute does not set it`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the try-it check refuses what the page cannot do: a flag off the list, a heap cap out of range, load on a program without it', () => {
  const withLoad = lessons.find((l) => l.meta.load !== undefined)!;
  const withoutLoad = lessons.find((l) => l.meta.load === undefined)!;
  const refused = (lesson: Lesson, attributes: Record<string, string>) => problemsOf(lesson, tryItNeedsSchema.parse(attributes));
  assert.match(refused(withLoad, { flags: '--inspect' }).join(), /--inspect is not on the allow-list/);
  assert.match(refused(withLoad, { heapCap: '8' }).join(), /heapCapMiB setting refuses it: must be a whole number from 16 to 4096/);
  assert.match(refused(withLoad, { rate: 'fast' }).join(), /ratePerSec setting refuses it/);
  assert.match(refused(withoutLoad, { paths: '/x' }).join(), /this lesson's program gets none/);
  assert.match(refused(withLoad, { flags: '--trace-gc', files: 'heapprofile' }).join(), /expects a \.heapprofile file, and no flag of the run \(--trace-gc\) writes one/);
  assert.equal(tryItNeedsSchema.safeParse({ colour: 'red' }).success, false, 'an attribute the page has no control for');
  assert.equal(tryItNeedsSchema.safeParse({ signal: 'SIGKILL' }).success, false);
  assert.deepEqual(refused(withLoad, { flags: '--heap-prof', stop: 'true', files: 'heapprofile', heapCap: '128' }), []);
  for (const field of Object.values(TRY_IT_SETTING_OF)) assert.ok(SETTINGS_FIELDS.includes(field), `${field} is a run setting`);
});
