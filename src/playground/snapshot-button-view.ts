import { canTakeSnapshot, snapshotCapability } from './page-state/page-selectors.ts';
import type { PageView } from './page-state/page-store.ts';

/**
 * The Snapshot button: enabled while a program runs on a runtime that can take snapshots and
 * none is being taken; otherwise disabled, with the reason beside it.
 */
export function mountSnapshotButton(button: HTMLButtonElement, reason: HTMLElement, view: PageView, onTake: () => void): void {
  button.addEventListener('click', onTake);
  view.subscribe((state) => {
    const { canSnapshot, reason: why } = snapshotCapability(state);
    const isRunning = state.run.phase === 'running';
    button.disabled = !canTakeSnapshot(state);
    const text = !canSnapshot ? (why ?? '') : '';
    reason.hidden = text === '';
    reason.textContent = text;
    button.title = !canSnapshot ? (why ?? '') : isRunning ? 'Take a heap snapshot now; the program keeps running' : 'Run the program first';
  });
}
