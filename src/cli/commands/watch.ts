import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli-io.ts';
import { UsageError } from '../cli-io.ts';
import { buildIfStale } from '../../server/build-if-stale.ts';
import { startServer } from '../../server/http-server.ts';
import { DEFAULT_ALLOC_SITES, planForFile } from '../../runner/run-plan.ts';
import type { LoadProfile } from '../../protocol/program.ts';
import { givenLoadFlags, loadFromFlags, REQUEST_HELP, REQUEST_OPTIONS, type LoadFlags } from '../load-options.ts';
import { heapCapOption, wholeNumberOption } from '../number-options.ts';
import { nodeFlagsOption, withNodeFlagValues } from '../run-settings-options.ts';

const HELP = `leaklab watch [options] -- <script.js> [args]

Runs your own Node program under the Leak Lab probe, with your own rights, and serves the dashboard
(live chart, verdict, heap snapshots, comparison) at http://127.0.0.1:<port>/watch/.

  --port P        port for the dashboard (default 4321; 0 picks a free one)
  --load URL      send HTTP load to this loopback URL (e.g. http://127.0.0.1:3000/users);
                  without it, no load is generated
  --heap-cap MiB  --max-old-space-size for the program, at least 16
  --node-flag F   a node flag from the allow-list (repeatable), e.g. --node-flag --trace-gc
  --alloc-sites   V8's sampling heap profiler in the program: the page's Allocated at view
                  shows the call paths whose live memory grows (costs CPU per allocation sample)
With --load:
  --rate N                requests per second, a whole number from 1 to 2000 (default 100)
${REQUEST_HELP}`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface WatchOptions {
  port: number;
  script: string;
  args: string[];
  heapCapMiB: number | undefined;
  nodeFlags: string[];
  allocSites: boolean;
  load: LoadProfile | undefined;
  loadPort: number | undefined;
}

/** `leaklab watch`: serves until interrupted; returns 2 on bad usage. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let opts: WatchOptions | 'help';
  try {
    opts = await parseOptions(argv);
  } catch (err) {
    if (!(err instanceof UsageError) && !(err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) throw err;
    io.stderr.write(`leaklab watch: ${err.message}\n\n${HELP}\n`);
    return 2;
  }
  if (opts === 'help') {
    io.stdout.write(HELP + '\n');
    return 0;
  }
  const { script, args, heapCapMiB, nodeFlags, load, loadPort } = opts;
  const allocSites = opts.allocSites ? DEFAULT_ALLOC_SITES : null;
  await buildIfStale((line) => io.stderr.write(line + '\n'));
  const server = await startServer({
    port: opts.port,
    maxRuns: 1,
    caps: { wallTimeMs: 24 * 3600_000 },
    watchPlan: () => planForFile(script, { args, heapCapMiB, nodeFlags, load, loadPort, allocSites }),
  });
  io.stdout.write(`Leak Lab is watching ${script}: open ${server.url}/watch/ and press Run.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

/** The command line, checked: every problem is a UsageError naming the flag. */
async function parseOptions(argv: string[]): Promise<WatchOptions | 'help'> {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const program = split === -1 ? [] : argv.slice(split + 1);
  const { values } = parseArgs({ args: withNodeFlagValues(own), options: {
    port: { type: 'string', default: '4321' },
    load: { type: 'string' },
    rate: { type: 'string' },
    'heap-cap': { type: 'string' },
    'node-flag': { type: 'string', multiple: true },
    'alloc-sites': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
    ...REQUEST_OPTIONS,
  } });
  if (values.help) return 'help';
  if (program.length === 0) throw new UsageError('name the program after --, e.g. leaklab watch -- server.js');
  const [script, ...args] = program;
  if (!(await stat(script).catch(() => null))?.isFile()) throw new UsageError(`${script} is not a file.`);
  const port = wholeNumberOption('--port', values.port, 0, 65535)!;
  const heapCapMiB = heapCapOption(values['heap-cap']);
  const nodeFlags = nodeFlagsOption(values['node-flag']);
  const loadFlags: LoadFlags = { rate: values.rate, method: values.method, body: values.body, header: values.header };
  if (!values.load) {
    const given = givenLoadFlags(loadFlags);
    // Without --load there is no load for them to shape: saying nothing would look as if they worked.
    if (given.length > 0) throw new UsageError(`${given.join(', ')} shape the load, which needs --load URL (e.g. --load http://127.0.0.1:3000/users).`);
    return { port, script, args, heapCapMiB, nodeFlags, allocSites: values['alloc-sites'], load: undefined, loadPort: undefined };
  }
  let url: URL;
  try {
    url = new URL(values.load);
  } catch {
    throw new UsageError(`--load must be a URL, not ${values.load}.`);
  }
  // Load only ever goes to this machine: leaklab is not a traffic generator for other hosts.
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) throw new UsageError('--load must be an http:// URL on 127.0.0.1, localhost or [::1].');
  const load = loadFromFlags({ paths: [url.pathname + url.search], ratePerSec: 100, connections: 4, method: 'GET' }, loadFlags);
  return { port, script, args, heapCapMiB, nodeFlags, allocSites: values['alloc-sites'], load, loadPort: Number(url.port || 80) };
}
