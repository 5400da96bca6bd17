import { RunProcess } from '../runner/run-process.ts';

/** Every live run of this server, so it can cap how many run at once and end them all on shutdown. */
export class RunRegistry {
  readonly maxRuns: number;
  private readonly runs = new Map<string, RunProcess>();
  /** Slots promised to starts still setting up their folder; counted so concurrent starts cannot overshoot. */
  private reserved = 0;

  constructor(maxRuns: number) {
    this.maxRuns = maxRuns;
  }

  get size(): number { return this.runs.size + this.reserved; }

  /** Takes a slot if one is free; pair with `add` or `release`. Synchronous, so no start can slip past the cap. */
  tryReserve(): boolean {
    if (this.size >= this.maxRuns) return false;
    this.reserved++;
    return true;
  }

  release(): void {
    this.reserved--;
  }

  /** Turns a reserved slot into a live run. */
  add(run: RunProcess): void {
    this.reserved--;
    this.runs.set(run.runId, run);
    void run.exited.then(() => this.runs.delete(run.runId));
  }

  get(runId: string): RunProcess | undefined {
    return this.runs.get(runId);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.runs.values()].map((run) => run.stop('shutdown')));
  }
}
