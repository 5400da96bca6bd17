import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Permissions } from '../protocol/program.ts';
import { needsInspector } from '../protocol/node-flags.ts';
import { FRAME_MARKERS_PATH, PROBE_PATH, PROJECT_NODE_MODULES } from '../project-paths.ts';

// Node 25 added network permissions; on older Node the flag would be an unknown option.
const hasNetPermission = process.allowedNodeEnvironmentFlags.has('--allow-net');
/**
 * Node 24 closes its inspector under the permission model unless `--allow-inspector` is given,
 * and `--heap-prof` and `--cpu-prof` run through it: without the flag they write nothing, and say
 * nothing. Node 22 has no such flag, so there the profilers cannot run in a confined run at all.
 */
export const canAllowInspector = process.allowedNodeEnvironmentFlags.has('--allow-inspector');

/**
 * Node's permission model flags for a run confined to `dir`. A seat belt, not a sandbox.
 *
 * `--allow-inspector` is added only for a run whose node flags need it (the profilers). It lets
 * the program open an inspector session on itself or a debugging port; code run through either is
 * still held by the same fs, child-process and worker permissions (tests/runtime/node-flags.test.ts
 * tries), and a lesson program can already open any port it likes, so what it adds is the
 * profilers' own files, which land in the run folder.
 */
export function permissionArgs(dir: string, permissions: Permissions, nodeFlags: readonly string[] = []): string[] {
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
  if (canAllowInspector && needsInspector(nodeFlags)) args.push('--allow-inspector');
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
