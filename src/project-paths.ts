import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root, found from this file so the CLI works from any working directory. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PROBE_PATH = path.join(PROJECT_ROOT, 'sandbox', 'probe.mjs');
/** What the probe imports (sandbox/frame-markers.mjs): a run's permissions must let it read this too. */
export const FRAME_MARKERS_PATH = path.join(PROJECT_ROOT, 'sandbox', 'frame-markers.mjs');
export const LOAD_DRIVER_PATH = path.join(PROJECT_ROOT, 'sandbox', 'load.mjs');
export const PROJECT_NODE_MODULES = path.join(PROJECT_ROOT, 'node_modules');
export const LESSONS_DIR = path.join(PROJECT_ROOT, 'lessons');
export const DIST_DIR = path.join(PROJECT_ROOT, 'dist');

/** Every run folder lives here, named `run-<owner pid>-<random>`, so stale ones can be found. */
export const RUNS_ROOT = path.join(os.tmpdir(), 'leaklab-runs');
