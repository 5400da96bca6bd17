import { createHash } from 'node:crypto';
import type { ProgramSpec } from '../../protocol/program.ts';

/**
 * What a recording depends on: the program's files (leaky.js or fixed.js as main.js, plus the
 * lesson's extra files) and every frontmatter field that changes a run. Node-only (the recorder
 * and the staleness test use it; the page never needs it).
 */
export function programHash(spec: ProgramSpec, durationSec: number): string {
  const files = Object.keys(spec.files).sort().map((name) => [name, spec.files[name]]);
  const inputs = {
    files,
    entry: spec.entry,
    moduleType: spec.moduleType,
    load: spec.load ?? null,
    figure: spec.figure,
    dependencies: spec.dependencies,
    permissions: spec.permissions,
    nodeFlags: spec.nodeFlags,
    // Named as it was when the recordings were made (the field was heapCapMb): a new name here
    // would make every recording stale without any run changing.
    heapCapMb: spec.heapCapMiB,
    durationSec,
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}
