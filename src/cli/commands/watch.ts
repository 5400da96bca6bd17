import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli-io.ts';
import { buildIfStale } from '../../server/build-if-stale.ts';
import { startServer } from '../../server/http-server.ts';
import { planForFile } from '../../runner/run-plan.ts';
import type { LoadProfile } from '../../protocol/program.ts';
import { REQUEST_HELP, REQUEST_OPTIONS, requestShape } from '../request-options.ts';

const HELP = `leaklab watch [options] -- <script.js> [args]

Runs your own Node program under the Leak Lab probe, with your own rights, and serves the dashboard
(live chart, verdict, heap snapshots, comparison) at http://127.0.0.1:<port>/watch/.

  --port P        port for the dashboard (default 4321; 0 picks a free one)
  --load URL      send HTTP load to this loopback URL (e.g. http://127.0.0.1:3000/users);
                  without it, no load is generated
  --rate N        requests per second for --load (default 100)
  --heap-cap MB   --max-old-space-size for the program
With --load:
${REQUEST_HELP}`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `leaklab watch`: serves until interrupted; returns 2 on bad usage. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const program = split === -1 ? [] : argv.slice(split + 1);
  let values;
  try {
    ({ values } = parseArgs({ args: own, options: {
      port: { type: 'string', default: '4321' },
      load: { type: 'string' },
      rate: { type: 'string', default: '100' },
      'heap-cap': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      ...REQUEST_OPTIONS,
    } }));
  } catch (err) {
    io.stderr.write(`leaklab watch: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return 0;
  }
  const usage = (message: string): number => {
    io.stderr.write(`leaklab watch: ${message}\n\n${HELP}\n`);
    return 2;
  };
  if (program.length === 0) return usage('name the program after --, e.g. leaklab watch -- server.js');
  const [script, ...args] = program;
  if (!(await stat(script).catch(() => null))?.isFile()) return usage(`${script} is not a file.`);
  const port = Number(values.port);
  const rate = Number(values.rate);
  const heapCapMiB = values['heap-cap'] === undefined ? undefined : Number(values['heap-cap']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usage(`--port must be a port number, not ${values.port}.`);
  if (!Number.isInteger(rate) || rate < 1 || rate > 2000) return usage('--rate must be a whole number from 1 to 2000.');
  if (heapCapMiB !== undefined && !(heapCapMiB >= 16)) return usage('--heap-cap must be at least 16 (MB).');
  let load: LoadProfile | undefined;
  let loadPort: number | undefined;
  if (values.load) {
    let url: URL;
    try {
      url = new URL(values.load);
    } catch {
      return usage(`--load must be a URL, not ${values.load}.`);
    }
    // Load only ever goes to this machine: leaklab is not a traffic generator for other hosts.
    if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) return usage('--load must be an http:// URL on 127.0.0.1, localhost or [::1].');
    loadPort = Number(url.port || 80);
    let request;
    try {
      request = requestShape(values);
    } catch (err) {
      return usage((err as Error).message);
    }
    load = { paths: [url.pathname + url.search], ratePerSec: rate, connections: 4, ...request };
  }

  await buildIfStale((line) => io.stderr.write(line + '\n'));
  const server = await startServer({
    port,
    maxRuns: 1,
    caps: { wallTimeMs: 24 * 3600_000 },
    watchPlan: () => planForFile(script, { args, heapCapMiB, load, loadPort }),
  });
  io.stdout.write(`Leak Lab is watching ${script}: open ${server.url}/watch/ and press Run.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
