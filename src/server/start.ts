// `npm start`: build the site when its sources changed, then serve it with the local runner.
import { buildIfStale } from './build-if-stale.ts';
import { startServer } from './http-server.ts';
import { removeStaleRunFolders } from '../runner/run-folder.ts';

const port = process.env.PORT === undefined ? 4321 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not ${JSON.stringify(process.env.PORT)}.`);
  process.exit(2);
}

try {
  if (process.env.LEAKLAB_SKIP_BUILD !== '1') await buildIfStale((line) => console.log(line));
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const stale = await removeStaleRunFolders();
if (stale > 0) console.log(`Removed ${stale} run folder(s) left by an earlier server.`);

const server = await startServer({ port, maxRuns: Number(process.env.LEAKLAB_MAX_RUNS) || undefined });
console.log(`Leak Lab listening on ${server.url}`);

let isClosing = false;
const shutdown = (signal: string): void => {
  if (isClosing) return;
  isClosing = true;
  console.log(`${signal}: stopping runs and closing.`);
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  server.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
