import { formatSeconds } from '../../format/units.ts';
import type { GotResponse, ResponseExpectation } from '../../protocol/response-check.ts';
import { warmupSnapshotAtMs } from '../../runner/snapshot-schedule.ts';
import type { ChallengeAttempt } from '../page-state/challenge-slice.ts';

/** What an answer must be, in one line: `status 200, body matching /^ok\n$/, $.name matching /^user/`. */
export function describeExpectation(e: ResponseExpectation): string {
  const parts = [`status ${e.status}`];
  if (e.body !== undefined) parts.push(`a body matching /${e.body}/`);
  for (const [name, pattern] of Object.entries(e.headers ?? {})) parts.push(`${name} matching /${pattern}/`);
  for (const [path, v] of Object.entries(e.json ?? {})) {
    const says: string[] = [];
    if (v.type !== undefined) says.push(`a ${v.type}`);
    if (v.equals !== undefined) says.push(`equal to ${JSON.stringify(v.equals)}`);
    if (v.matches !== undefined) says.push(`matching /${v.matches}/`);
    if (v.minItems !== undefined) says.push(`with at least ${v.minItems} items`);
    parts.push(`${path} ${says.join(', ')}`);
  }
  return parts.join('; ');
}

/** What came back, in one line: `status 200, text/plain, 3 bytes` or `no answer: …`. */
export function describeGot(got: GotResponse): string {
  if (got.kind === 'no-response') return `no answer: ${got.reason}`;
  const type = got.headers['content-type'];
  const truncated = got.isTruncated ? ' (read up to 1 MiB)' : '';
  return `status ${got.status}${type ? `, ${type}` : ''}, ${got.bodyBytes.toLocaleString('en')} bytes${truncated}`;
}

/** The line under the headline while a check goes on. */
export function stepWords(a: ChallengeAttempt): string {
  const warmAt = formatSeconds(warmupSnapshotAtMs(a.seconds));
  switch (a.step) {
    case 'starting': return 'Starting your program…';
    case 'warming-up':
      if (!a.isLoadReady) return 'Waiting for your program to accept the load…';
      return a.leakingClass ? `Warming up under load; the first snapshot is taken at ${warmAt}.` : `Running under load; the check requests go out at ${warmAt}.`;
    case 'measuring': return `Measuring under load: ${a.requestCount.toLocaleString('en')} requests so far. ${responsesWords(a)}`;
    case 'finishing': return a.leakingClass ? 'Time is up: taking the end snapshot…' : 'Time is up: stopping the run…';
    case 'comparing': return a.leakingClass ? 'Comparing the two snapshots…' : 'Stopping the run…';
  }
}

function responsesWords(a: ChallengeAttempt): string {
  if (a.responses === null) return 'The check requests go out next.';
  if (a.responses === 'asked') return 'The check requests are out.';
  return 'The check requests have their answers.';
}
