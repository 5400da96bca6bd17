/** What went wrong while reading a snapshot; stable so callers can branch on it. */
export type SnapshotParseErrorCode =
  | 'empty'            // no bytes at all
  | 'not-a-snapshot'   // the bytes are not a JSON object of the heap snapshot shape
  | 'truncated'        // the input ended before the JSON did
  | 'bad-meta'         // snapshot.meta is missing a field list we need
  | 'bad-value'        // a value of the wrong JSON type, or out of range
  | 'count-mismatch'   // node_count / edge_count disagree with the arrays
  | 'bad-reference'    // an edge or name points outside its array
  | 'missing-section'; // nodes, edges or strings absent

/** A snapshot could not be read. `byteOffset` says where in the input, when one place applies. */
export class SnapshotParseError extends Error {
  readonly code: SnapshotParseErrorCode;
  readonly byteOffset?: number;
  constructor(code: SnapshotParseErrorCode, message: string, byteOffset?: number, options?: ErrorOptions) {
    super(byteOffset === undefined ? message : `${message} (at byte ${byteOffset})`, options);
    this.name = 'SnapshotParseError';
    this.code = code;
    if (byteOffset !== undefined) this.byteOffset = byteOffset;
  }
}

/** A question the analyzer cannot answer for the snapshots it was given (unknown id, class, ...). */
export class AnalyzerQueryError extends Error {
  readonly code: 'unknown-snapshot' | 'unknown-class' | 'bad-argument';
  constructor(code: AnalyzerQueryError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AnalyzerQueryError';
    this.code = code;
  }
}

/** What went wrong while reading a sampling heap profile. */
export type ProfileParseErrorCode =
  | 'empty'          // no bytes at all
  | 'truncated'      // the JSON ends early
  | 'not-json'       // the bytes are not JSON
  | 'not-a-profile'  // JSON of another shape (a snapshot, a CPU profile, anything else)
  | 'bad-value';     // a node or sample with a field of the wrong type

/** A `.heapprofile` could not be read. `byteOffset` says where in the input, when one place applies. */
export class ProfileParseError extends Error {
  readonly code: ProfileParseErrorCode;
  readonly byteOffset?: number;
  constructor(code: ProfileParseErrorCode, message: string, byteOffset?: number, options?: ErrorOptions) {
    super(byteOffset === undefined ? message : `${message} (at byte ${byteOffset})`, options);
    this.name = 'ProfileParseError';
    this.code = code;
    if (byteOffset !== undefined) this.byteOffset = byteOffset;
  }
}
