import type { SessionStore } from './session-store.ts';
import type { SnapshotStore } from './snapshot-store.ts';

/**
 * The Snapshot button: enabled while a program runs on a runtime that can take snapshots and
 * none is being taken; otherwise disabled, with the reason beside it.
 */
export function mountSnapshotButton(button: HTMLButtonElement, reason: HTMLElement, session: SessionStore, snapshots: SnapshotStore, onTake: () => void): void {
  button.addEventListener('click', onTake);
  const update = (): void => {
    const { canSnapshot, reason: why } = snapshots.capability;
    const isRunning = session.runState === 'running';
    button.disabled = !canSnapshot || !isRunning || snapshots.isCapturing;
    const text = !canSnapshot ? (why ?? '') : '';
    reason.hidden = text === '';
    reason.textContent = text;
    button.title = !canSnapshot ? (why ?? '') : isRunning ? 'Take a heap snapshot now; the program keeps running' : 'Run the program first';
  };
  session.subscribe(update);
  snapshots.subscribe(update);
}
