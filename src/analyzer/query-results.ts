// The result types are a boundary contract (worker replies, `leaklab ... --json`), so they live
// in src/protocol/query-results.ts; this keeps the analyzer's own imports as they were.
export type * from '../protocol/query-results.ts';
