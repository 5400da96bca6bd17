import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const READY_LINE = /Leak Lab listening on (http:\/\/127\.0\.0\.1:\d+)/;
/** The server may build the site first (astro build), which takes a while on two cores. */
const START_TIMEOUT_MS = 180_000;

export interface RunningServer {
  /** e.g. http://127.0.0.1:43121, no trailing slash. */
  baseUrl: string;
  port: number;
  pid: number;
  /** Everything the server printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
  /** Sends `signal` and resolves when the server has exited (SIGKILL: no clean-up at all). */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the real local runner (`node src/server/start.ts`, as `npm start` does) on a free port
 * and resolves once it prints its address. Always pair with `stop()`.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, ['src/server/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => { output += text; });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => { output += text; });

  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(new Error(`The server did not print its address within ${START_TIMEOUT_MS / 1000} s. Output:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (): void => {
      const match = READY_LINE.exec(output);
      if (match) { cleanup(); resolve(match[1]); }
    };
    const onExit = (code: number | null, signal: string | null): void => {
      fail(new Error(`The server exited before it was ready (code ${code}, signal ${signal}). Output:\n${output}`));
    };
    const fail = (err: Error): void => { cleanup(); child.kill('SIGKILL'); reject(err); };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });

  return {
    baseUrl,
    port: Number(new URL(baseUrl).port),
    pid: child.pid!,
    output: () => output,
    stop: () => stopChild(child),
    kill: (signal) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    }),
  };
}

/** SIGTERM, then SIGKILL if it has not exited after five seconds. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}
