import type { Runtime } from '../runtime/runtime.ts';

/**
 * What the page's controllers do with a runtime. Its kind and capabilities are not here: they
 * are page state (`PageState.runtime`), known once the choice has settled.
 */
export type RuntimePort = Pick<Runtime, 'onEvent' | 'start' | 'stop' | 'requestSnapshot' | 'fetchSnapshot' | 'dispose' | 'checkResponses'> & Required<Pick<Runtime, 'sendSignal' | 'releaseFiles'>>;

/** The snapshot half: ask for one, fetch its bytes. */
export type SnapshotSource = Pick<Runtime, 'requestSnapshot' | 'fetchSnapshot'>;

/** Runtimes with a pseudo-terminal of their own (WebContainer) want its size. */
export interface TerminalSizeSink {
  resizeTerminal(size: { cols: number; rows: number }): void;
}
