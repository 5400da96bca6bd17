// The part of autocannon (v9, no types of its own) that sandbox/load.mjs uses, so tsc checks the
// load driver like the rest of the sandbox.
declare module 'autocannon' {
  interface Options {
    url: string;
    connections: number;
    overallRate: number;
    duration: number;
    method: string;
    body?: string;
    headers?: Record<string, string>;
    requests: { path: string }[];
    /** Seconds before a request counts as an error. */
    timeout: number;
    skipAggregateResult: boolean;
  }
  interface Instance {
    on(event: 'response' | 'reqError' | 'done', listener: () => void): Instance;
  }
  export default function autocannon(options: Options): Instance;
}
