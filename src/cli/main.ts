import type { CliIo } from './cli-io.ts';

const USAGE = `leaklab — find and fix Node.js memory leaks

  leaklab run <lesson folder | app.js> [options]   run under the probe and load; print the leak verdict
  leaklab watch [--port P] [--load URL] -- <script.js> [args]
                                                   your own program under the probe, with the dashboard
  leaklab summary <file.heapsnapshot> [--top N] [--class <name>] [--json]
  leaklab diff <a> <b> [<c>] [--top N] [--json]
  leaklab retainers <file> --class <name> [--paths N] [--json]
  leaklab profile <file.heapprofile> [<later.heapprofile>] [--top N] [--all-frames] [--json]

Run "leaklab <command> --help" for a command's options.`;

const COMMANDS: Record<string, () => Promise<{ run(args: string[], io: CliIo): Promise<number> }>> = {
  run: () => import('./commands/run.ts'),
  watch: () => import('./commands/watch.ts'),
  summary: () => import('./commands/summary.ts'),
  diff: () => import('./commands/diff.ts'),
  retainers: () => import('./commands/retainers.ts'),
  profile: () => import('./commands/profile.ts'),
};

/** Dispatches to a command; returns the process exit code (2 for bad usage). */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`leaklab: unknown command ${JSON.stringify(name)}.\n\n${USAGE}\n`);
    return 2;
  }
  const command = await load();
  return command.run(rest, io);
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stderr.isTTY) };
}
