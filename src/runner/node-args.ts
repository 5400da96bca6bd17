import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Permissions } from '../protocol/program.ts';
import { FRAME_MARKERS_PATH, PROBE_PATH, PROJECT_NODE_MODULES } from '../project-paths.ts';

/**
 * Node flags a lesson may ask for. Anything else is refused: a flag like `--inspect` or
 * `--allow-fs-write=*` would undo the runner's caps.
 */
const ALLOWED_NODE_FLAGS = [
  /^--trace-gc$/,
  /^--trace-gc-verbose$/,
  /^--heapsnapshot-near-heap-limit=\d{1,2}$/,
  /^--heapsnapshot-signal=SIGUSR2$/,
  /^--heap-prof$/,
  /^--heap-prof-interval=\d{1,9}$/,
  /^--max-semi-space-size=\d{1,4}$/,
  /^--stack-size=\d{1,6}$/,
  /^--no-warnings$/,
  /^--trace-warnings$/,
];

export function isAllowedNodeFlag(flag: string): boolean {
  return ALLOWED_NODE_FLAGS.some((re) => re.test(flag));
}

// Node 25 added network permissions; on older Node the flag would be an unknown option.
const hasNetPermission = process.allowedNodeEnvironmentFlags.has('--allow-net');

/** Node's permission model flags for a run confined to `dir`. A seat belt, not a sandbox. */
export function permissionArgs(dir: string, permissions: Permissions): string[] {
  const args = [
    '--permission',
    `--allow-fs-read=${dir}`,
    `--allow-fs-read=${PROBE_PATH}`,
    `--allow-fs-read=${FRAME_MARKERS_PATH}`,
    `--allow-fs-read=${PROJECT_NODE_MODULES}`,
    `--allow-fs-write=${dir}`,
  ];
  for (const extra of permissions.fsWrite) {
    const target = path.resolve(dir, extra);
    if (target.startsWith(dir + path.sep)) args.push(`--allow-fs-write=${target}`);
  }
  if (permissions.childProcess) args.push('--allow-child-process');
  if (permissions.worker) args.push('--allow-worker');
  if (permissions.addons) args.push('--allow-addons');
  if (hasNetPermission) args.push('--allow-net');
  return args;
}

let canLendInspector: boolean | undefined;

/**
 * The flags a run under the permission model needs for the probe's allocation sites, or null
 * when this Node cannot have them safely. The probe opens its inspector session and then drops
 * the permission (process.permission.drop) before the program runs; a Node that has
 * `--allow-inspector` but no `drop` would leave the inspector to the program, so it gets none.
 * PERM0004 is Node's warning that --allow-inspector weakens the model: true of the grant, not
 * of this run, where the probe holds the only session and the program cannot open one.
 */
export function allocSitesPermissionArgs(): string[] | null {
  if (!process.allowedNodeEnvironmentFlags.has('--allow-inspector')) return null;
  // One child per runner process: the answer is the Node binary's, which does not change.
  canLendInspector ??= spawnSync(process.execPath, ['--permission', '--allow-inspector', '--disable-warning=PERM0004', '-p', 'typeof process.permission.drop'], { encoding: 'utf8', timeout: 10_000 }).stdout?.trim() === 'function';
  return canLendInspector ? ['--allow-inspector', '--disable-warning=PERM0004'] : null;
}

/**
 * On Linux, `setpriv --pdeathsig KILL` makes the kernel kill the child when the runner dies, even
 * by SIGKILL, so no run outlives its server. Where it is missing, the runner's exit handlers are
 * the only guard.
 */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

export function spawnCommand(nodeArgs: string[]): { command: string; args: string[] } {
  if (process.platform === 'linux' && SETPRIV) {
    return { command: SETPRIV, args: ['--pdeathsig', 'KILL', '--', process.execPath, ...nodeArgs] };
  }
  return { command: process.execPath, args: nodeArgs };
}
