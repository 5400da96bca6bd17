import type { TrendVerdict } from '../../analyzer/verdict/trend.ts';
import type { RunPhase } from './page-state.ts';

/**
 * How long the page's own runs gather evidence for an undecided verdict: the lesson's
 * `durationSec` is a minimum, and a verdict still `unknown` after this many seconds of load says
 * it could not decide (the CLI's cap is `--max-seconds`, 120 s by default).
 */
export const PAGE_DECIDE_CAP_SEC = 60;

/** What the verdict badge says while the verdict is not leaking or flat. */
export type UndecidedBadge =
  /** No run yet. */
  | { kind: 'idle' }
  /** Running and undecided: about `moreSeconds` more would most likely decide it (null: no estimate yet). */
  | { kind: 'deciding'; moreSeconds: number | null }
  /** Running past the cap, or ended, still undecided after `afterSec` of load. */
  | { kind: 'could-not-decide'; afterSec: number | null; hasEnded: boolean };

/**
 * The badge for a reading that is `unknown` (or none yet). Pure, so the words are unit tested;
 * the status view only writes them.
 */
export function undecidedBadge(reading: TrendVerdict | null, phase: RunPhase, loadSec: number | null): UndecidedBadge {
  if (phase === 'idle') return { kind: 'idle' };
  const afterSec = loadSec === null ? null : Math.round(loadSec);
  if (phase === 'exited') return { kind: 'could-not-decide', afterSec, hasEnded: true };
  if (loadSec !== null && loadSec >= PAGE_DECIDE_CAP_SEC) return { kind: 'could-not-decide', afterSec, hasEnded: false };
  const more = reading?.moreSecondsNeeded ?? null;
  // An estimate past the cap would not be reached on the page: say how far the cap is instead.
  const left = loadSec === null ? null : Math.max(1, Math.ceil(PAGE_DECIDE_CAP_SEC - loadSec));
  return { kind: 'deciding', moreSeconds: more === null ? null : left === null ? more : Math.min(more, left) };
}

/** The badge's words for an undecided reading. */
export function undecidedWords(badge: UndecidedBadge): string {
  switch (badge.kind) {
    case 'idle': return 'no verdict yet';
    case 'deciding': return badge.moreSeconds === null ? 'deciding…' : `deciding… about ${badge.moreSeconds} s more`;
    case 'could-not-decide': {
      const after = badge.afterSec === null ? '' : ` in ${badge.afterSec} s under load`;
      return badge.hasEnded ? `could not decide${after}` : `could not decide${after}: run a fix, or keep watching`;
    }
  }
}
