import type { RunPlan } from './run-plan.ts';

/** Why the load is aimed where it is; the notices name the port accordingly. */
export type LoadAim = 'env-port' | 'explicit' | 'followed';

/**
 * Which port on the loopback (127.0.0.1 or ::1, whichever answers) the load goes to. It starts at the port the runner gave the program in
 * `PORT`, or at the one the user named (`leaklab watch --load URL`). A user's own server often
 * ignores PORT and listens on a fixed port; the probe reports every TCP port the program listens
 * on, and until the load has connected the load follows them: PORT if the program listens on it,
 * else the first port reported. Once the load is under way it stays put.
 *
 * It follows only for the user's own programs (no permission model). Lesson code shares the
 * probe's IPC channel and could post a forged report to aim the load at any local port, the Leak
 * Lab server itself included; for lessons the reports are ignored. An explicit port always wins.
 */
export class LoadTarget {
  /** The port the runner put in the program's `PORT`. */
  readonly envPort: number;
  private readonly mayFollow: boolean;
  private readonly explicitPort: number | null;
  private port: number;
  private firstOtherPort: number | null = null;
  private isEnvPortReported = false;

  constructor(plan: Pick<RunPlan, 'permissions' | 'loadPort'>, envPort: number) {
    this.envPort = envPort;
    this.explicitPort = plan.loadPort ?? null;
    this.mayFollow = plan.permissions === null && plan.loadPort === undefined;
    this.port = this.explicitPort ?? envPort;
  }

  /** Where the load goes now. */
  get current(): number { return this.port; }

  get aim(): LoadAim {
    if (this.explicitPort !== null) return 'explicit';
    return this.port === this.envPort ? 'env-port' : 'followed';
  }

  /** The probe says the program listens on `port`; weighed at the next `retarget`. False if ignored. */
  report(port: number): boolean {
    if (!this.mayFollow) return false;
    if (port === this.envPort) this.isEnvPortReported = true;
    else this.firstOtherPort ??= port;
    return true;
  }

  /**
   * Returns the port the load must move to after the reports so far, or null to leave it where it
   * is (a lesson, an explicit port, a load already connected, or reports that change nothing).
   */
  retarget(isLoadReady: boolean): number | null {
    if (!this.mayFollow || isLoadReady) return null;
    const wanted = this.isEnvPortReported || this.firstOtherPort === null ? this.envPort : this.firstOtherPort;
    if (wanted === this.port) return null;
    this.port = wanted;
    return wanted;
  }
}
