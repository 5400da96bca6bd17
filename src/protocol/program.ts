import type { Figure } from './samples.ts';

/** HTTP load the load driver sends at the program while it runs. */
export interface LoadProfile {
  /** Paths requested in turn, e.g. ['/', '/users/42']. */
  paths: string[];
  /** Requests per second across all connections. */
  ratePerSec: number;
  /** Concurrent connections. */
  connections: number;
  /** HTTP method; GET unless the lesson (or `leaklab run --method`) says otherwise. */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Body of every request, e.g. a JSON order for a POST route. */
  body?: string;
  /** Extra request headers, names in lower case. */
  headers?: Record<string, string>;
}

/** What the program may do beyond reading its own folder (Node's permission model). */
export interface Permissions {
  childProcess: boolean;
  worker: boolean;
  addons: boolean;
  /** Extra paths, relative to the run folder, that the program may write. */
  fsWrite: string[];
}

/**
 * Everything a runtime needs to start a learner's program. Built by the page from a lesson
 * (or by the CLI from a lesson folder or a plain file); the runtime never reads lessons itself.
 */
export interface ProgramSpec {
  /** The lesson it came from, if any (`01-global-variables`); used for labels and recordings. */
  lessonSlug?: string;
  /** Which of the lesson's programs this is: the learner's edit counts as `leaky`. */
  variant: 'leaky' | 'fixed' | 'custom';
  /** File name -> text. `entry` must be one of them. */
  files: Record<string, string>;
  entry: string;
  moduleType: 'commonjs' | 'module';
  /** Absent: the program is not an HTTP server and gets no load. */
  load?: LoadProfile;
  /** The figure whose growth shows the leak. */
  figure: Figure;
  /** npm packages the program imports; resolved from the project's node_modules. */
  dependencies: string[];
  permissions: Permissions;
  /** Extra node flags the lesson needs (e.g. `--trace-gc`), from an allow-list. */
  nodeFlags: string[];
  /** V8 old-space cap for the run, in MiB. */
  heapCapMb: number;
}
