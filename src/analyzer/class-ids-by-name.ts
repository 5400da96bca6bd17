import type { HeapAnalysis } from './heap-analysis.ts';

/** Class ids shared by several snapshots, by class name: `maps[i][localClassId]` is the shared id. */
export interface ClassSpace { names: string[]; maps: Uint32Array[] }

/** Numbers classes by name across snapshots, so per-class arrays line up between them. */
export function classIdsByName(analyses: HeapAnalysis[]): ClassSpace {
  const names: string[] = [];
  const ids = new Map<string, number>();
  const maps = analyses.map((a) => {
    const map = new Uint32Array(a.classes.names.length);
    a.classes.names.forEach((name, local) => {
      let id = ids.get(name);
      if (id === undefined) { id = names.length; names.push(name); ids.set(name, id); }
      map[local] = id;
    });
    return map;
  });
  return { names, maps };
}
