import { FIGURE_LABEL } from '../../format/figure-label.ts';
import { formatRate } from '../../format/units.ts';
import type { LessonProgress } from '../../protocol/progress-file.ts';
import { h } from '../dom.ts';
import { safeLocalStorage } from '../saved-edits.ts';
import type { ProgressLessons } from './progress-merge.ts';
import { ProgressStore } from './progress-store.ts';
import { exportFileName, exportText, importProgress } from './progress-transfer.ts';

/** How a lesson stands: its fix checked and passed, checked but not passed, opened, or not yet. */
export type LessonStatus = 'passed' | 'tried' | 'opened' | 'new';

export function lessonStatus(progress: LessonProgress | undefined): LessonStatus {
  if (!progress) return 'new';
  if (progress.passed) return 'passed';
  return progress.lastCheck ? 'tried' : 'opened';
}

const STATUS_TEXT: Record<LessonStatus, string> = { passed: '✓ passed', tried: 'tried', opened: 'opened', new: '' };

/**
 * The home page's progress, filled in after the build-time list: a mark on each lesson
 * (`[data-progress-mark="<lesson id>"]`), and in `[data-progress-panel]` a count with Export and
 * Import. Touches nothing else of the page, so the list around it can change freely.
 */
export function mountHomeProgress(doc: Document): void {
  const panel = doc.querySelector<HTMLElement>('[data-progress-panel]');
  const marks = [...doc.querySelectorAll<HTMLElement>('[data-progress-mark]')];
  const progress = new ProgressStore(safeLocalStorage());
  const message = h('p', { class: 'progress-message', 'data-testid': 'progress-message', role: 'status' });
  const summary = h('p', { class: 'progress-summary', 'data-testid': 'progress-summary' });

  const render = (): void => {
    const lessons = progress.lessons();
    for (const mark of marks) showMark(mark, lessons, mark.dataset.progressMark ?? '');
    const shown = marks.map((m) => m.dataset.progressMark ?? '');
    const opened = shown.filter((slug) => lessons[slug]?.progress).length;
    const passed = shown.filter((slug) => lessons[slug]?.progress?.passed).length;
    summary.textContent = progress.isPersistent
      ? `Your progress in this browser: ${opened} of ${shown.length} lessons opened, ${passed} passed.`
      : 'This browser keeps no local storage for this site (a private window?), so progress is not kept.';
  };

  if (panel) {
    const fileInput = h('input', { type: 'file', accept: '.json,application/json', 'data-testid': 'progress-import-file', hidden: true });
    const exportButton = h('button', { type: 'button', 'data-testid': 'progress-export', text: 'Export progress' });
    const importButton = h('button', { type: 'button', 'data-testid': 'progress-import', text: 'Import progress…' });
    exportButton.addEventListener('click', () => {
      const nowIso = new Date().toISOString();
      download(exportText(progress, nowIso), exportFileName(nowIso));
      message.dataset.level = 'info';
      message.textContent = `Saved ${exportFileName(nowIso)}: your progress and edits. Import it on the other machine's Leak Lab home page.`;
    });
    importButton.addEventListener('click', () => fileInput.click());
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      fileInput.value = ''; // the same file can be chosen again
      if (!file) return;
      void importProgress(file, { progress, confirm: (q) => window.confirm(q) }).then((outcome) => {
        message.dataset.level = outcome.ok ? 'info' : 'error';
        message.textContent = outcome.text;
        render();
      });
    });
    panel.replaceChildren(summary, h('div', { class: 'progress-actions' }, [exportButton, importButton, fileInput]), message);
    panel.hidden = false;
  }
  render();
  // Back from a lesson through the back/forward cache: the page is as it was left, the progress is not.
  window.addEventListener('pageshow', (e) => { if (e.persisted) render(); });
}

function showMark(mark: HTMLElement, lessons: ProgressLessons, slug: string): void {
  const entry = lessons[slug];
  const status = lessonStatus(entry?.progress);
  mark.dataset.status = status;
  mark.dataset.edited = String(Boolean(entry?.edit));
  mark.textContent = STATUS_TEXT[status];
  mark.title = describe(entry?.progress, Boolean(entry?.edit));
}

/** The mark's tooltip: when, and on what evidence. */
function describe(p: LessonProgress | undefined, isEdited: boolean): string {
  if (!p) return isEdited ? 'You have an edit of this lesson.' : '';
  const parts = [`Opened ${day(p.openedAt)}.`];
  if (p.passed) {
    const s = p.passed.summary;
    const cls = s.leakingClass === null ? '' : `, ${s.leakingClass} ${s.classCountDelta && s.classCountDelta > 0 ? '+' : ''}${s.classCountDelta ?? 0}`;
    parts.push(`Fix passed ${day(p.passed.at)}: ${s.verdict} (${FIGURE_LABEL[s.figure]} ${formatRate(s.slopePerSec, s.figure === 'handles' ? 'handles' : 'bytes')})${cls}, ${s.responsesRight}/${s.responsesTotal} answers right, ${s.seconds} s.`);
  } else if (p.lastCheck) {
    parts.push(`Last check ${day(p.lastCheck.at)}: ${p.lastCheck.outcome === 'failed' ? 'not fixed yet' : 'not decided'}.`);
  }
  if (isEdited) parts.push('You have an edit of it.');
  return parts.join(' ');
}

function day(iso: string): string {
  return new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
