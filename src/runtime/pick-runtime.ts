import type { Runtime, RuntimeKind } from './runtime.ts';
import { LocalRuntime } from './local/local-runtime.ts';
import { RecordedRuntime, type RecordingLoader } from './recorded/recorded-runtime.ts';
import type { LessonRecording } from './recorded/recording.ts';

/** What the picker found: a runtime, or why there is none (shown in the runtime banner). */
export type RuntimePick =
  | { runtime: Runtime; kind: RuntimeKind }
  | { runtime: null; kind: RuntimeKind | 'none'; reason: string };

export const RUNTIME_KINDS: readonly RuntimeKind[] = ['local', 'webcontainer', 'recorded'];

/** A runtime that must boot before it can be used (WebContainer). */
export interface BootableRuntime extends Runtime {
  /** Rejects with a message for the learner when it cannot boot. */
  ready(): Promise<void>;
}

/** What the choice depends on; the page passes the browser's, tests their own. */
export interface RuntimeChoiceInput {
  /** `location.search`: `?runtime=local|webcontainer|recorded`. */
  search: string;
  /** The local runner's token from `<meta name="leaklab-runner">`; null when `npm start` did not serve the page. */
  runnerToken: string | null;
  socketUrl: string;
  /** `crossOriginIsolated`: WebContainer needs SharedArrayBuffer, which needs COOP/COEP. */
  isCrossOriginIsolated: boolean;
  /** The lesson's `runtimes` list. */
  allowed: readonly RuntimeKind[];
  lessonSlug: string;
  /** Loaded lazily: pages that never use WebContainer never download its API. */
  createWebContainer: () => Promise<BootableRuntime>;
  loadRecording: RecordingLoader;
  /** Replay speed for recordings (`?speed=`). */
  replaySpeed?: number;
  /** Told before each runtime is tried, so the banner can say what the page is waiting for. */
  onTrying?: (kind: RuntimeKind) => void;
}

/**
 * Chooses the page's runtime. `?runtime=` asks for one; otherwise the order is: the local runner
 * when `npm start` served the page, else WebContainer when the page is cross-origin isolated and
 * it boots within its time limit, else the lesson's recording. Whatever was asked for and could
 * not be had falls back to the recording, and the reason travels with it to the banner
 * (`capabilities.reason`), e.g. "WebContainer could not boot within 10 s (no network?) — showing
 * the recording made on Node v24.21.0".
 */
export async function chooseRuntime(input: RuntimeChoiceInput): Promise<RuntimePick> {
  const asked = new URLSearchParams(input.search).get('runtime');
  const whyNot: string[] = [];
  let order: readonly RuntimeKind[];
  if (asked === null || asked === '' || asked === 'auto') {
    order = RUNTIME_KINDS.filter((k) => input.allowed.includes(k));
  } else if (!isRuntimeKind(asked)) {
    whyNot.push(`Unknown runtime "${asked}" in the address (use ?runtime=local, webcontainer or recorded)`);
    order = [];
  } else if (!input.allowed.includes(asked)) {
    whyNot.push(`This lesson does not run on the ${asked} runtime; it runs on: ${input.allowed.join(', ')}`);
    order = [];
  } else {
    order = [asked];
  }

  for (const kind of order) {
    switch (kind) {
      case 'local':
        if (input.runnerToken) return { runtime: new LocalRuntime(input.runnerToken, input.socketUrl), kind };
        // Asked for by name: say why not; in the automatic order a static site simply has no runner.
        if (asked) whyNot.push('No local runner served this page (start one with `npm start` and open the address it prints)');
        break;
      case 'webcontainer': {
        if (!input.isCrossOriginIsolated) {
          whyNot.push('This page is not cross-origin isolated (its host does not send the COOP/COEP headers), so WebContainer cannot start');
          break;
        }
        let runtime: BootableRuntime | null = null;
        input.onTrying?.(kind);
        try {
          runtime = await input.createWebContainer();
          await runtime.ready();
          return { runtime, kind };
        } catch (err) {
          runtime?.dispose();
          whyNot.push(err instanceof Error ? err.message : String(err));
        }
        break;
      }
      case 'recorded':
        break; // below: also the fallback for everything else
    }
  }
  if (!input.allowed.includes('recorded')) {
    return { runtime: null, kind: asked && isRuntimeKind(asked) ? asked : 'none', reason: `${joinReasons(whyNot)}This lesson has no recording to show instead. Run Leak Lab locally: \`npm start\`.` };
  }
  let recording: LessonRecording;
  input.onTrying?.('recorded');
  try {
    recording = await input.loadRecording(input.lessonSlug);
  } catch (err) {
    return { runtime: null, kind: 'recorded', reason: `${joinReasons(whyNot)}No recording of this lesson could be loaded (${err instanceof Error ? err.message : String(err)}). Run Leak Lab locally: \`npm start\`.` };
  }
  const made = `the recording made on Node ${recording.nodeVersion}`;
  const reason = whyNot.length ? `${whyNot.join('; ')} \u2014 showing ${made}.` : `Showing ${made}: nothing runs on this page.`;
  const cached = Promise.resolve(recording);
  const load: RecordingLoader = (slug) => (slug === recording.slug ? cached : input.loadRecording(slug));
  return { runtime: new RecordedRuntime(load, { speed: input.replaySpeed, reason }), kind: 'recorded' };
}

function joinReasons(reasons: string[]): string {
  return reasons.length ? `${reasons.join('; ')}. ` : '';
}

function isRuntimeKind(value: string): value is RuntimeKind {
  return (RUNTIME_KINDS as readonly string[]).includes(value);
}
