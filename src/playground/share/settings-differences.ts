import type { LoadProfile } from '../../protocol/program.ts';
import type { SharedRunSettings } from '../../protocol/share-link.ts';

/** The run settings a lesson has of its own. */
export interface LessonRunSettings {
  load?: LoadProfile;
  heapCapMiB: number;
  nodeFlags: readonly string[];
}

function loadWords(load: LoadProfile): string {
  const connections = `${load.connections} ${load.connections === 1 ? 'connection' : 'connections'}`;
  return `${load.ratePerSec} requests/s over ${connections}, ${load.method} ${load.paths.join(', ')}${load.body === undefined ? '' : ' with a body'}`;
}

function sameLoad(a: LoadProfile, b: LoadProfile): boolean {
  return JSON.stringify({ ...a, headers: a.headers ?? {} }) === JSON.stringify({ ...b, headers: b.headers ?? {} });
}

/**
 * How a shared link's run settings differ from the lesson's, one phrase each, for the banner that
 * says where the code came from: "heap cap 64 MiB (the lesson's: 256 MiB)". Empty when the link
 * runs the program as the lesson would. Settings the lesson cannot use (a load for a program that
 * is not a server) are not listed: the run ignores them.
 */
export function settingsDifferences(shared: SharedRunSettings, lesson: LessonRunSettings): string[] {
  const out: string[] = [];
  if (shared.load && lesson.load && !sameLoad(shared.load, lesson.load)) out.push(`load ${loadWords(shared.load)} (the lesson's: ${loadWords(lesson.load)})`);
  if (shared.heapCapMiB !== undefined && shared.heapCapMiB !== lesson.heapCapMiB) out.push(`heap cap ${shared.heapCapMiB} MiB (the lesson's: ${lesson.heapCapMiB} MiB)`);
  if (shared.nodeFlags && shared.nodeFlags.join(' ') !== lesson.nodeFlags.join(' ')) {
    out.push(`node flags ${shared.nodeFlags.join(' ') || 'none'} (the lesson's: ${lesson.nodeFlags.join(' ') || 'none'})`);
  }
  return out;
}
