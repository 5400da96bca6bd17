/**
 * The analyzer's results as the page checks them on arrival from the worker, row by row. The
 * types stay the interfaces in query-results.ts and allocation-results.ts (the CLI's `--json`
 * and `RunReport.diff` share them); each schema here is written against its interface by
 * `schemaOf`, so a field added to an interface and not here, or misspelt here, fails to compile.
 *
 * Checking every row costs about 0.1 µs a row (bench/worker-messages.ts: 2 ms for 20,000
 * summary rows, against about 1.6 s to open and compare two 50 MB snapshots), so it is done.
 * Unknown fields are kept, not stripped: a newer worker's extra field must not vanish here.
 */
import { z } from 'zod';
import type {
  ClassDiff, ClassSummary, CollectionGrowth, DiffResult, RetainerPath, RetainerStep, RetainersResult, SnapshotInfo,
  SourceLocation, SummaryResult, SurvivorClass, SurvivorsResult,
} from './query-results.ts';
import type {
  AllocationSite, AllocationTreeNode, ClassAllocationStack, ClassAllocationsResult, ProfileDiffResult, ProfileDiffSite,
  ProfileSitesResult, StackFrame,
} from './allocation-results.ts';

/** One schema per field of `T`, optional fields included (as `.optional()`), and no others. */
type ShapeOf<T> = { [K in keyof T]-?: z.ZodType<T[K]> };

function schemaOf<T>(shape: ShapeOf<T>): z.ZodType<T> {
  // The shape is checked against T field by field above; z.looseObject's output is that plus
  // the fields it keeps unchecked, so the cast only names the interface.
  return z.looseObject(shape as z.ZodRawShape) as unknown as z.ZodType<T>;
}

// Sizes, counts and rates are whatever the analyzer computed: a ratio of nothing is NaN, and
// that is its answer to show, not a broken message, so any number passes (z.number() is finite only).
const num = z.custom<number>((value) => typeof value === 'number', { error: 'must be a number' });
const text = z.string();
const matching = z.enum(['by-id', 'by-class-count']);

export const snapshotInfoSchema = schemaOf<SnapshotInfo>({ nodes: num, edges: num, totalSize: num, fileBytes: num, unreachableNodes: num });

const classSummary = schemaOf<ClassSummary>({ name: text, count: num, selfSize: num, retainedSize: num });
export const summaryResultSchema = schemaOf<SummaryResult>({ nodes: num, edges: num, totalSize: num, classes: z.array(classSummary) });

export const collectionGrowthSchema = schemaOf<CollectionGrowth>({
  kind: text, className: text, nodeId: num, counts: z.array(num.nullable()), retainedSize: num, path: text,
});
const classDiff = schemaOf<ClassDiff>({ name: text, added: num, removed: num, countDelta: num, sizeDelta: num, addedRetainedSize: num });
export const diffResultSchema = schemaOf<DiffResult>({
  classes: z.array(classDiff), collections: z.array(collectionGrowthSchema), matching, idOverlap: num, note: text.optional(),
});

const survivorClass = schemaOf<SurvivorClass>({ name: text, count: num, selfSize: num, retainedSize: num });
export const survivorsResultSchema = schemaOf<SurvivorsResult>({
  survivors: z.array(survivorClass), collections: z.array(collectionGrowthSchema), matching, note: text.optional(),
});

const sourceLocation = schemaOf<SourceLocation>({ scriptId: num, line: num, column: num });
const retainerStep = schemaOf<RetainerStep>({
  edge: text, edgeType: text, className: text, nodeName: text.optional(), nodeId: num, location: sourceLocation.optional(),
});
const retainerPath = schemaOf<RetainerPath>({ root: text, steps: z.array(retainerStep), text, instances: num, retainedSize: num });
export const retainersResultSchema = schemaOf<RetainersResult>({ className: text, instanceCount: num, examinedCount: num, paths: z.array(retainerPath) });

const generatedAt = schemaOf<NonNullable<StackFrame['generated']>>({ url: text, line: num, column: num });
const stackFrame = schemaOf<StackFrame>({
  functionName: text, url: text, line: num, column: num, origin: z.enum(['app', 'node-modules', 'node-internal', 'native']), generated: generatedAt.optional(),
});
const stack = z.array(stackFrame);

const classAllocationStack = schemaOf<ClassAllocationStack>({ stack, count: num, selfSize: num });
export const classAllocationsResultSchema = schemaOf<ClassAllocationsResult>({
  className: text, count: num, selfSize: num, hasTraces: z.boolean(), untracedCount: num, isFolded: z.boolean(), stacks: z.array(classAllocationStack),
});

const allocationSite = schemaOf<AllocationSite>({ stack, selfBytes: num, totalBytes: num, selfSamples: num, totalSamples: num });
export const profileSitesResultSchema = schemaOf<ProfileSitesResult>({
  totalBytes: num, totalSamples: num, sampleIntervalBytes: num.optional(), isFolded: z.boolean(), sites: z.array(allocationSite),
});

/** A top-down tree, checked node by node (a lesson's is a few hundred nodes, a big profile's thousands). */
export const allocationTreeSchema: z.ZodType<AllocationTreeNode> = z.lazy(() => schemaOf<AllocationTreeNode>({
  frame: stackFrame.optional(), selfBytes: num, totalBytes: num, selfSamples: num, totalSamples: num, children: z.array(allocationTreeSchema),
}));

const profileDiffSite = schemaOf<ProfileDiffSite>({ stack, bytesBefore: num, bytesAfter: num, bytesDelta: num, samplesBefore: num, samplesAfter: num });
export const profileDiffResultSchema = schemaOf<ProfileDiffResult>({
  totalBytesBefore: num, totalBytesAfter: num, sampleIntervalBytes: num.optional(), isFolded: z.boolean(), sites: z.array(profileDiffSite),
});
