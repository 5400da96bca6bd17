import { Run } from './run/run.ts';

/** Every live run of this server, so it can cap how many run at once and end them all on shutdown. */
export class RunRegistry {
  readonly maxRuns: number;
  private readonly runs = new Map<string, Run>();

  constructor(maxRuns: number) {
    this.maxRuns = maxRuns;
  }

  get size(): number { return this.runs.size; }

  hasRoom(): boolean {
    return this.runs.size < this.maxRuns;
  }

  add(run: Run): void {
    this.runs.set(run.runId, run);
    void run.exited.then(() => this.runs.delete(run.runId));
  }

  get(runId: string): Run | undefined {
    return this.runs.get(runId);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.runs.values()].map((run) => run.stop('shutdown')));
  }
}
