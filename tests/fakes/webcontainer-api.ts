// An in-repo fake of `@webcontainer/api`, standing in for the closed runtime only: StackBlitz's
// servers are not reachable here, so the real `boot()` can never finish. The adapter under test
// (src/runtime/webcontainer/) is the real code; this fake gives it what WebContainer would:
// - `boot()` that succeeds, hangs for ever (no network) or fails, and allows one instance at a time;
// - a file system that is a real temp folder;
// - `spawn('node', …)` as a real Node child process, with stdout and stderr merged into one
//   stream and \n turned into \r\n, as WebContainer's pseudo-terminal does;
// - `spawn('npm', ['install'])` that links the project's node_modules instead of downloading
//   (there is no registry mirror of the lesson packages to install from in a test);
// - optionally, WebContainer's stand-in memory figures: `memory: 'stand-in'` preloads a module
//   that makes process.memoryUsage() return fixed numbers, as a JavaScript stand-in for V8 would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Container, ContainerFileTree, ContainerProcess, ContainerSpawnOptions, WebContainerApi } from '../../src/runtime/webcontainer/webcontainer-api.ts';
import { PROJECT_NODE_MODULES } from '../../src/project-paths.ts';

export type FakeBoot = 'ok' | 'hang' | 'fail';
export type FakeMemory = 'real' | 'stand-in';

const STAND_IN_MEMORY = `data:text/javascript,${encodeURIComponent(
  'const fixed = { rss: 50e6, heapTotal: 20e6, heapUsed: 10e6, external: 1e6, arrayBuffers: 1e5 };' +
  'process.memoryUsage = Object.assign(() => ({ ...fixed }), { rss: () => fixed.rss });',
)}`;

export interface FakeWebContainerApi extends WebContainerApi {
  /** How many times `boot()` was called. */
  bootCalls: number;
  /** Containers booted and not torn down. */
  live: FakeContainer[];
  /** Every container ever booted, torn down or not. */
  booted: FakeContainer[];
  /** Every `spawn` call, in order: command and args. */
  spawns: { command: string; args: string[]; options?: ContainerSpawnOptions }[];
}

export function createFakeWebContainerApi(boot: FakeBoot = 'ok', memory: FakeMemory = 'real'): FakeWebContainerApi {
  const api: FakeWebContainerApi = {
    bootCalls: 0,
    live: [],
    booted: [],
    spawns: [],
    WebContainer: {
      boot: async () => {
        api.bootCalls++;
        if (boot === 'hang') return new Promise<never>(() => undefined);
        if (boot === 'fail') throw new Error('Failed to fetch');
        // The real one: "Only a single WebContainer instance can be booted".
        if (api.live.length) throw new Error('Unable to create more instances');
        const container = new FakeContainer(api, memory);
        api.live.push(container);
        api.booted.push(container);
        return container;
      },
    },
  };
  return api;
}

export class FakeContainer implements Container {
  readonly root = mkdtempSync(path.join(os.tmpdir(), 'leaklab-fake-wc-'));
  readonly children = new Set<ChildProcess>();
  isTornDown = false;
  readonly #api: FakeWebContainerApi;
  readonly #memory: FakeMemory;

  constructor(api: FakeWebContainerApi, memory: FakeMemory) {
    this.#api = api;
    this.#memory = memory;
  }

  fs = {
    writeFile: (file: string, data: string | Uint8Array) => writeFile(this.#resolve(file), data),
    rm: (file: string, options?: { force?: boolean; recursive?: boolean }) => rm(this.#resolve(file), options),
  };

  async mount(tree: ContainerFileTree, options: { mountPoint?: string } = {}): Promise<void> {
    const write = async (dir: string, node: ContainerFileTree): Promise<void> => {
      await mkdir(dir, { recursive: true });
      for (const [name, entry] of Object.entries(node)) {
        if ('directory' in entry) await write(path.join(dir, name), entry.directory);
        else await writeFile(path.join(dir, name), entry.file.contents);
      }
    };
    await write(this.#resolve(options.mountPoint ?? '.'), tree);
  }

  async spawn(command: string, args: string[], options: ContainerSpawnOptions = {}): Promise<ContainerProcess> {
    if (this.isTornDown) throw new Error('The WebContainer was torn down');
    this.#api.spawns.push({ command, args, options });
    const cwd = this.#resolve(options.cwd ?? '.');
    if (command === 'npm') return this.#fakeNpm(cwd);
    if (command !== 'node') return finished(`jsh: command not found: ${command}\r\n`, 127);
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    for (const [key, value] of Object.entries(options.env ?? {})) env[key] = String(value);
    const nodeArgs = this.#memory === 'stand-in' ? ['--import', STAND_IN_MEMORY, ...args] : args;
    const child = spawn(process.execPath, nodeArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.add(child);
    let sink: ReadableStreamDefaultController<string>;
    const output = new ReadableStream<string>({ start: (c) => { sink = c; } });
    const pty = (text: string): void => { try { sink.enqueue(text.replace(/\r?\n/g, '\r\n')); } catch { /* reader gone */ } };
    child.stdout!.setEncoding('utf8').on('data', pty);
    child.stderr!.setEncoding('utf8').on('data', pty);
    const exit = new Promise<number>((resolve) => {
      child.once('error', (err) => { pty(`jsh: ${err.message}\n`); resolve(127); });
      child.once('close', (code, signal) => {
        this.children.delete(child);
        try { sink.close(); } catch { /* already closed */ }
        resolve(code ?? (signal ? 130 : 1));
      });
    });
    return { exit, output, kill: () => { child.kill('SIGKILL'); }, resize: () => undefined };
  }

  teardown(): void {
    if (this.isTornDown) return;
    this.isTornDown = true;
    for (const child of this.children) child.kill('SIGKILL');
    this.#api.live.splice(this.#api.live.indexOf(this), 1);
    void rm(this.root, { recursive: true, force: true });
  }

  async #fakeNpm(cwd: string): Promise<ContainerProcess> {
    await symlink(PROJECT_NODE_MODULES, path.join(cwd, 'node_modules'), 'dir').catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    return finished('(fake npm) linked the project\u2019s node_modules\r\n', 0);
  }

  #resolve(file: string): string {
    const full = path.resolve(this.root, file);
    if (full !== this.root && !full.startsWith(this.root + path.sep)) throw new Error(`${file} is outside the container's workdir`);
    return full;
  }
}

function finished(text: string, code: number): ContainerProcess {
  const output = new ReadableStream<string>({ start: (c) => { c.enqueue(text); c.close(); } });
  return { exit: Promise.resolve(code), output, kill: () => undefined, resize: () => undefined };
}
