import type { ProgramSpec } from '../../protocol/program.ts';
import type { ContainerFileTree } from './webcontainer-api.ts';

/** The probe, the load loop and the frame markers both import, as text; the page bundles them (`?raw`), tests read them from sandbox/. */
export interface SandboxSources {
  probe: string;
  loadLoop: string;
  /** sandbox/frame-markers.mjs: mounted beside the other two, which import it by that name. */
  frameMarkers: string;
}

/** Where things live inside the container's working directory. */
export const SANDBOX_DIR = '.leaklab';
export const RUN_DIR = 'run';

// The same rule as the local runner's run folder: plain names, one level.
const SAFE_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/**
 * The tree mounted for one run: the sandbox files, and the program in `run/` with a package.json
 * whose `type` matches the lesson. node_modules stays at the top, outside `run/`, so packages
 * installed for one run serve the next (Node finds them by walking up).
 */
export function runTree(program: ProgramSpec, sandbox: SandboxSources): ContainerFileTree {
  const runFiles: ContainerFileTree = {};
  for (const [name, text] of Object.entries(program.files)) {
    if (!SAFE_FILE_NAME.test(name) || name === 'package.json' || name === 'node_modules') {
      throw new Error(`File name ${JSON.stringify(name)} is not allowed: use a plain name like helper.js.`);
    }
    runFiles[name] = { file: { contents: text } };
  }
  if (!(program.entry in program.files)) throw new Error(`The entry ${program.entry} is not among the program's files.`);
  runFiles['package.json'] = { file: { contents: JSON.stringify({ name: 'leaklab-run', private: true, type: program.moduleType }, null, 2) } };
  return {
    [SANDBOX_DIR]: { directory: {
      'probe.mjs': { file: { contents: sandbox.probe } },
      'load-loop.mjs': { file: { contents: sandbox.loadLoop } },
      'frame-markers.mjs': { file: { contents: sandbox.frameMarkers } },
    } },
    [RUN_DIR]: { directory: runFiles },
  };
}

/** The top-level package.json listing every package installed so far ("*": the registry's latest). */
export function rootPackageJson(dependencies: Iterable<string>): string {
  const deps: Record<string, string> = {};
  for (const name of [...dependencies].sort()) deps[name] = '*';
  return JSON.stringify({ name: 'leaklab-container', private: true, dependencies: deps }, null, 2);
}

/** node's arguments for the program: the probe preloaded as the local runner does. */
export function programArgs(program: ProgramSpec): string[] {
  return [
    '--expose-gc',
    `--max-old-space-size=${program.heapCapMiB}`,
    ...program.nodeFlags,
    '--import', `../${SANDBOX_DIR}/probe.mjs`,
    program.entry,
  ];
}
