import type { FloorPoint, MemorySample } from '../protocol/samples.ts';
import type { ExitReason, RunEvent } from '../protocol/run-events.ts';
import { TrendTracker, type TrendVerdict } from '../analyzer/verdict/trend.ts';
import { Run, type RunSnapshot } from './run.ts';
import { DEFAULT_CAPS, type RunCaps, type RunPlan } from './run-plan.ts';

/** How long a program may take to start listening before its run time counts anyway. */
const LISTEN_GRACE_SEC = 5;

export interface HeadlessOptions {
  /** Seconds of run under load (from when the program first accepts a connection), or from start without load. */
  seconds: number;
  caps?: Partial<RunCaps>;
  /** Program-clock times (ms after start) at which to take heap snapshots. */
  snapshotAtMs?: number[];
  /** Take one more snapshot when the time is up, before stopping. */
  finalSnapshot?: boolean;
  /** Every event, for printing output live. */
  onEvent?: (event: RunEvent) => void;
}

export interface HeadlessResult {
  verdict: TrendVerdict;
  requests: number;
  loadErrors: number;
  samples: MemorySample[];
  floors: FloorPoint[];
  nodeVersion: string | null;
  snapshots: RunSnapshot[];
  snapshotFailures: string[];
  exit: { reason: ExitReason; code: number | null; signal: string | null; message: string };
}

/**
 * Runs a plan for `seconds` (or until the program ends) with no page, feeding the same
 * TrendTracker the page uses, and returns the verdict and the series. The CLI, the lesson truth
 * checks and the recorder all go through here.
 */
export async function runHeadless(plan: RunPlan, options: HeadlessOptions): Promise<HeadlessResult> {
  const tracker = new TrendTracker(plan.figure);
  const samples: MemorySample[] = [];
  const floors: FloorPoint[] = [];
  const snapshots: RunSnapshot[] = [];
  const snapshotFailures: string[] = [];
  let requests = 0;
  let loadErrors = 0;
  let nodeVersion: string | null = null;
  let exit: HeadlessResult['exit'] | null = null;
  let run: Run | null = null;
  const pendingShots = [...(options.snapshotAtMs ?? [])].sort((a, b) => a - b);
  let isSnapshotPending = false;
  let loadStarted = (): void => {};
  let stopAfterSnapshot = false;
  let isFinalRequested = false;
  // V8 pauses the program while it writes a snapshot (seconds, for a big heap): that time is
  // added to the run, so `seconds` stays time the program actually ran under load.
  let snapshotSince = 0;
  let pausedMs = 0;
  const requestSnapshot = (): void => {
    isSnapshotPending = true;
    snapshotSince = Date.now();
    run!.requestSnapshot();
  };
  const requestFinal = (): void => {
    isFinalRequested = true;
    requestSnapshot();
  };
  const settleSnapshot = (): void => {
    isSnapshotPending = false;
    if (!isFinalRequested) pausedMs += Date.now() - snapshotSince;
    if (!stopAfterSnapshot) return;
    // Time was up while an earlier snapshot was being written: the last one is still owed.
    if (!isFinalRequested && options.finalSnapshot && !run!.hasExited) return requestFinal();
    void run!.stop('stopped');
  };

  const onEvent = (event: RunEvent): void => {
    options.onEvent?.(event);
    switch (event.type) {
      case 'started': nodeVersion = event.nodeVersion; break;
      case 'sample':
        samples.push(event.sample);
        tracker.addSample(event.sample, event.activeHandles);
        if (pendingShots.length && event.sample.atMs >= pendingShots[0] && !isSnapshotPending && !stopAfterSnapshot) {
          pendingShots.shift();
          requestSnapshot();
        }
        break;
      case 'floor': floors.push(event.floor); tracker.addFloor(event.floor); break;
      case 'load': requests = event.requests; loadErrors = event.errors; tracker.addRequests(event.atMs, event.requests); break;
      case 'snapshot-ready': snapshots.push(run!.snapshots.get(event.snapshot.snapshotId)!); settleSnapshot(); break;
      case 'snapshot-failed': snapshotFailures.push(event.reason); settleSnapshot(); break;
      case 'notice': if (event.code === 'load-started') loadStarted(); break;
      case 'exited': exit = { reason: event.reason, code: event.code, signal: event.signal, message: event.message }; break;
      default: break;
    }
  };

  // Room past `seconds` for a slow start, snapshots of a big heap (each pauses the program) and the time they add.
  run = new Run(plan, { ...DEFAULT_CAPS, wallTimeMs: options.seconds * 1000 + 300_000, ...options.caps }, onEvent);
  await run.start();
  let creditedMs = 0;
  const timeUp = (): void => {
    const owed = pausedMs - creditedMs + (isSnapshotPending && !isFinalRequested ? Date.now() - snapshotSince : 0);
    if (owed > 250 && !run!.hasExited) {
      // Run on for as long as snapshots held the program still.
      creditedMs += owed;
      timer = setTimeout(timeUp, owed);
      return;
    }
    if (!options.finalSnapshot || run!.hasExited) return void run!.stop('stopped');
    // Stop once the last snapshot is written (or refused); the wall-time cap still bounds it.
    stopAfterSnapshot = true;
    if (!isSnapshotPending) requestFinal();
  };
  // `seconds` is time under load: on a busy machine the program takes a second or more to start
  // listening, and those seconds hold no evidence. A program that never listens still ends.
  let timer = setTimeout(timeUp, (options.seconds + (plan.load ? LISTEN_GRACE_SEC : 0)) * 1000);
  loadStarted = () => {
    clearTimeout(timer);
    timer = setTimeout(timeUp, options.seconds * 1000);
  };
  const onSignal = (): void => void run!.stop('stopped');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await run.exited;
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return { verdict: tracker.current(), requests, loadErrors, samples, floors, nodeVersion, snapshots, snapshotFailures, exit: exit! };
}
