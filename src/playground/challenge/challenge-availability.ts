import { canRun } from '../page-state/page-selectors.ts';
import type { PageState } from '../page-state/page-state.ts';

/** Whether "Check my fix" can be pressed now, and if not, why (shown beside the button). */
export type ChallengeAvailability = { readonly canCheck: true } | { readonly canCheck: false; readonly reason: string };

/**
 * A check needs real V8 figures for its verdict, heap snapshots for its comparison and a program
 * it can run: only the local runner has all three. On the others it says why it cannot run.
 */
export function challengeAvailability(state: PageState): ChallengeAvailability {
  const { runtime } = state;
  switch (runtime.status) {
    case 'choosing':
      return { canCheck: false, reason: 'Choosing a runtime…' };
    case 'none':
      return { canCheck: false, reason: `No runtime: ${runtime.reason}` };
    case 'chosen': {
      const { capabilities } = runtime;
      if (!capabilities.runsCode) {
        return { canCheck: false, reason: 'A recording replays leaky.js and fixed.js as they ran; it cannot run your edit, so it cannot check it. Open this page from `npm start` (the local runner) to check your fix.' };
      }
      if (!capabilities.realV8Figures || !capabilities.snapshots) {
        return { canCheck: false, reason: `The ${runtime.kind} runtime's memory figures are not V8's own and it takes no heap snapshots, so neither the verdict nor the snapshot comparison of a check could be trusted here. Open this page from \`npm start\` (the local runner) to check your fix.` };
      }
      if (state.challenge.attempt) return { canCheck: false, reason: 'Checking…' };
      if (!canRun(state)) return { canCheck: false, reason: 'A run is starting.' };
      return { canCheck: true };
    }
  }
}
