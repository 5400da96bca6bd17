import type { PageStore } from './page-state/page-store.ts';

/**
 * Stop pressed while a run was starting can reach the runtime before the run exists (the socket
 * still opening), and then stops nothing. The store remembers it (`isStopAsked`); this stops the
 * run as soon as it has started.
 */
export function stopOnceStarted(store: PageStore, stop: () => void): void {
  store.onAction((action) => {
    if (action.type === 'run-event' && action.event.type === 'started' && store.state.run.isStopAsked) stop();
  });
}
