import type { PlaygroundConfig } from '../playground-config.ts';
import type { PageStore } from '../page-state/page-store.ts';
import type { VerdictReader } from '../page-state/verdict-reader.ts';
import type { RuntimePort } from '../runtime-port.ts';
import type { SnapshotController } from '../snapshot-controller.ts';
import { byTestId } from '../dom.ts';
import { ChallengeController } from './challenge-controller.ts';
import { mountChallenge } from './challenge-view.ts';
import { hasChallenge, lessonCheck } from './lesson-check.ts';

export interface ChallengeMountDeps {
  config: PlaygroundConfig;
  store: PageStore;
  runtime: RuntimePort;
  snapshots: SnapshotController;
  readVerdict: VerdictReader;
  /** The Run button's own start, so a check runs the editor's text exactly as Run does. */
  startRun(): void;
}

/**
 * "Check my fix" on a lesson that has one (hasChallenge): the button and panel the Playground
 * markup holds, hidden until here, and the controller that drives the check. Null elsewhere.
 */
export function mountChallengeFor(root: HTMLElement, deps: ChallengeMountDeps): ChallengeController | null {
  const button = byTestId<HTMLButtonElement>(root, 'check-fix');
  const panel = byTestId(root, 'challenge');
  if (!hasChallenge(deps.config.meta)) return null;
  const { store, snapshots } = deps;
  const controller = new ChallengeController({
    meta: deps.config.meta,
    store,
    runtime: deps.runtime,
    startRun: deps.startRun,
    takeSnapshot: () => snapshots.take(),
    compareSnapshots: (entryIds) => {
      store.dispatch({ type: 'picks-set', entryIds });
      snapshots.compare();
    },
    readVerdict: deps.readVerdict,
    now: () => performance.now(),
    nowIso: () => new Date().toISOString(),
  });
  button.hidden = false;
  mountChallenge({ button, panel }, store, { isDefaultCheck: lessonCheck(deps.config.meta).isDefault, onCheck: (seconds) => controller.check(seconds) });
  window.addEventListener('pagehide', () => controller.dispose());
  return controller;
}
