/**
 * The hot loops that read a section of unsigned integers (`nodes`, `edges`, `locations`,
 * `trace_function_infos`) from bytes straight into a Uint32Array. One set of rules for every
 * section: digits, commas, whitespace and the closing bracket; anything else (a minus sign, a
 * dot, a quote) stops the loop for the caller to report.
 *
 * The functions are module-level and monomorphic on purpose: V8 optimizes functions, so each
 * hot loop gets code of its own, and the rare branches of the careful loop (which deoptimize
 * their function when first taken) never touch the plain loops' code.
 */

// Slots of the scanner state: one Float64Array shared by the section and the loops, so a
// number split across two chunks carries over. Float64 because a value being read may pass
// 2^32 before it is found too large.
/** The number read so far (digits of a number that may go on in the next chunk). */
export const ACC = 0;
/** Values stored so far: the write position in `out`. */
export const COUNT = 1;
/** Digits of `ACC` so far; 0 between numbers. */
export const DIGITS = 2;
/** 1 once the closing bracket was read. */
export const CLOSED = 3;
/** The field of the record the next value belongs to (0..fieldCount-1). */
export const FIELD = 4;

/** A zeroed scanner state (see the slot names above). */
export function newScanState(): Float64Array {
  return new Float64Array(5);
}

/**
 * A dropped node field whose values are still wanted, one byte per node (detachedness: DevTools
 * names detached DOM nodes by it). Only a field after every kept one: its node is then
 * count / keptPerNode - 1, with count already past the node's kept values. field -1: none.
 */
export interface SideField { values: Uint8Array; field: number; keptPerNode: number }
export const NO_SIDE_FIELD: SideField = { values: new Uint8Array(0), field: -1, keptPerNode: 1 };

/** count and field in and out of scanPlainValues. */
const counters = new Int32Array(2);

/**
 * "123," and V8's "123\n," with no number carried over: the bulk of the bytes, read with one
 * bounds test per value (a value of up to 9 digits, a newline and its comma fit in the 12 bytes
 * before `safeEnd`). Returns at the first byte that is not such a value, or with `out` full,
 * for scanIntoFixed's careful loop.
 */
function scanPlainValues(chunk: Uint8Array, start: number, safeEnd: number, out: Uint32Array, capacity: number, keepMask: number, fieldCount: number, io: Int32Array): number {
  let count = io[0];
  let field = io[1];
  let i = start;
  while (i < safeEnd && count < capacity) {
    let d = (chunk[i] - 48) | 0;
    if ((d >>> 0) > 9) break;
    const runStart = i;
    const runLimit = i + 10; // ten digits at most: the reads stay inside the chunk
    let run = d;
    d = (chunk[++i] - 48) | 0;
    while ((d >>> 0) <= 9 && i < runLimit) { run = (Math.imul(run, 10) + d) | 0; d = (chunk[++i] - 48) | 0; }
    // Ten digits may not fit in Int32: those, and anything but a comma, take the careful path.
    if (i - runStart > 9) { i = runStart; break; }
    if (d === -38) d = (chunk[++i] - 48) | 0; // "\n" before the comma
    if (d !== -4) { i = runStart; break; }
    out[count] = run;
    count = (count + ((keepMask >>> field) & 1)) | 0;
    field = field + 1 === fieldCount ? 0 : field + 1;
    i++;
  }
  io[0] = count; io[1] = field;
  return i;
}

/**
 * scanPlainValues for a nodes section with a side field (see SideField): the same loop plus its
 * test, in a copy of its own so that edges, two thirds of the numbers, do not pay for it.
 */
function scanPlainNodeValues(chunk: Uint8Array, start: number, safeEnd: number, out: Uint32Array, capacity: number, keepMask: number, fieldCount: number, io: Int32Array, side: SideField): number {
  const { values: sideValues, field: sideField, keptPerNode } = side;
  let count = io[0];
  let field = io[1];
  let i = start;
  while (i < safeEnd && count < capacity) {
    let d = (chunk[i] - 48) | 0;
    if ((d >>> 0) > 9) break;
    const runStart = i;
    const runLimit = i + 10; // ten digits at most: the reads stay inside the chunk
    let run = d;
    d = (chunk[++i] - 48) | 0;
    while ((d >>> 0) <= 9 && i < runLimit) { run = (Math.imul(run, 10) + d) | 0; d = (chunk[++i] - 48) | 0; }
    // Ten digits may not fit in Int32: those, and anything but a comma, take the careful path.
    if (i - runStart > 9) { i = runStart; break; }
    if (d === -38) d = (chunk[++i] - 48) | 0; // "\n" before the comma
    if (d !== -4) { i = runStart; break; }
    out[count] = run;
    if (field === sideField) sideValues[((count / keptPerNode) | 0) - 1] = run;
    count = (count + ((keepMask >>> field) & 1)) | 0;
    field = field + 1 === fieldCount ? 0 : field + 1;
    i++;
  }
  io[0] = count; io[1] = field;
  return i;
}

/**
 * The careful loop around the plain ones: one tight inner loop per run of digits (Int32
 * arithmetic, so V8 keeps it in registers), then one test for the comma after it. Branches are
 * predictable except where a number ends, so it runs several times faster than a
 * byte-at-a-time state machine. A number split across chunks carries over in `state`; one of
 * ten or more digits is recomputed in double arithmetic. Stops at any unexpected byte, at a
 * separator when `out` is full, or after the closing bracket (state[CLOSED] = 1), for the
 * caller to sort out. Each value is written at `count`, which then advances by bit `field` of
 * `keepMask` (see NodeFieldLayout: dropped node fields cost no branch, and the count's
 * dependency chain stays one add long).
 */
export function scanIntoFixed(chunk: Uint8Array, start: number, out: Uint32Array, state: Float64Array, keepMask: number, fieldCount: number, side: SideField): number {
  const { values: sideValues, field: sideField, keptPerNode } = side;
  // `count` and `run` stay Int32 (a double index or stored value costs a conversion per value).
  let acc = state[ACC];
  let count = state[COUNT] | 0;
  let digits = state[DIGITS];
  let field = state[FIELD] | 0;
  const capacity = out.length;
  const len = chunk.length;
  const safeEnd = len - 12; // see scanPlainValues
  let i = start;
  while (i < len) {
    if (digits === 0 && i < safeEnd) {
      counters[0] = count; counters[1] = field;
      i = sideField === -1
        ? scanPlainValues(chunk, i, safeEnd, out, capacity, keepMask, fieldCount, counters)
        : scanPlainNodeValues(chunk, i, safeEnd, out, capacity, keepMask, fieldCount, counters, side);
      count = counters[0]; field = counters[1];
      if (i >= len) break;
    }
    let c = chunk[i];
    if (((c - 48) >>> 0) <= 9) {
      const runStart = i;
      let run = (c - 48) | 0;
      i++;
      while (i < len) {
        c = chunk[i];
        const d = (c - 48) | 0;
        if ((d >>> 0) > 9) break;
        run = (Math.imul(run, 10) + d) | 0;
        i++;
      }
      if (digits === 0 && i - runStart <= 9 && i < len && c === 44 && count < capacity) { // the common case: "123,"
        out[count] = run;
        if (field === sideField) sideValues[((count / keptPerNode) | 0) - 1] = run;
        count = (count + ((keepMask >>> field) & 1)) | 0;
        field = field + 1 === fieldCount ? 0 : field + 1;
        i++;
        continue;
      }
      const total = digits + (i - runStart);
      if (total <= 9) acc = digits === 0 ? run : acc * 10 ** (i - runStart) + run;
      else acc = longNumber(chunk, runStart, i, acc);
      digits = total;
      if (i === len) break; // the number may go on in the next chunk
    }
    if (c === 44) {
      if (digits === 0 || count >= capacity || acc > 0xffffffff) break;
      out[count] = acc;
      if (field === sideField) sideValues[((count / keptPerNode) | 0) - 1] = acc;
      count = (count + ((keepMask >>> field) & 1)) | 0;
      field = field + 1 === fieldCount ? 0 : field + 1;
      acc = 0; digits = 0;
      i++;
      continue;
    }
    if (c === 10 || c === 13 || c === 32 || c === 9) { i++; continue; }
    if (c === 93) {
      if (digits !== 0) {
        if (count >= capacity || acc > 0xffffffff) break;
        out[count] = acc;
        if (field === sideField) sideValues[((count / keptPerNode) | 0) - 1] = acc;
        count = (count + ((keepMask >>> field) & 1)) | 0;
        field = field + 1 === fieldCount ? 0 : field + 1;
      } else if (count > 0) break; // "1,]"
      acc = 0; digits = 0;
      state[CLOSED] = 1;
      i++;
      break;
    }
    break;
  }
  state[ACC] = acc; state[COUNT] = count; state[DIGITS] = digits; state[FIELD] = field;
  return i;
}

/** A run of digits that made the number ten or more digits long, in double arithmetic. */
function longNumber(chunk: Uint8Array, from: number, to: number, carried: number): number {
  let value = carried;
  for (let k = from; k < to; k++) value = value * 10 + (chunk[k] - 48);
  return value;
}
