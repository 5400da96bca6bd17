import { canTakeSnapshot, snapshotCapability } from './page-state/page-selectors.ts';
import type { PageView } from './page-state/page-store.ts';

/**
 * The Snapshot button: enabled while a program runs on a runtime that can take snapshots and
 * none is being taken; otherwise disabled, with the reason beside it.
 */
export function mountSnapshotButton(button: HTMLButtonElement, reason: HTMLElement, view: PageView, onTake: () => void): void {
  button.addEventListener('click', onTake);
  // A disabled button drops the focus to the page: a keyboard user who pressed Snapshot would have
  // to find it again. When it comes back and nothing else took the focus meanwhile, it gets it back.
  let isFocusOwed = false;
  view.subscribe((state) => {
    const { canSnapshot, reason: why } = snapshotCapability(state);
    const isRunning = state.run.phase === 'running';
    const isDisabled = !canTakeSnapshot(state);
    // Disabled while running: a snapshot is being taken. Once the run is over, nothing is owed.
    if (isDisabled && isRunning && document.activeElement === button) isFocusOwed = true;
    if (!isRunning) isFocusOwed = false;
    button.disabled = isDisabled;
    if (!isDisabled && isFocusOwed) {
      isFocusOwed = false;
      if (document.activeElement === document.body || document.activeElement === null) button.focus();
    }
    const text = !canSnapshot ? (why ?? '') : '';
    reason.hidden = text === '';
    reason.textContent = text;
    button.title = !canSnapshot ? (why ?? '') : isRunning ? 'Take a heap snapshot now; the program keeps running' : 'Run the program first';
  });
}
