import type { ProgramFile } from '../../protocol/run-events.ts';
import type { PageStore } from '../page-state/page-store.ts';
import type { RuntimePort } from '../runtime-port.ts';

export interface RunFilesDeps {
  store: PageStore;
  runtime: Pick<RuntimePort, 'fetchSnapshot' | 'releaseFiles'>;
  /** Opens a snapshot file in the page's snapshot views (and shows them). */
  openSnapshot(file: File): void;
}

/**
 * The Files tab's buttons: download a file a run wrote (fetched with the runner's token, then
 * saved under its own name), open a .heapsnapshot in the snapshot views, let go of a run's
 * files. Failures (the runner's time limit passed, say) are said in the terminal.
 */
export class RunFilesController {
  readonly #deps: RunFilesDeps;

  constructor(deps: RunFilesDeps) {
    this.#deps = deps;
  }

  async download(file: ProgramFile): Promise<void> {
    const blob = await this.#fetch(file);
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = baseName(file.name);
    link.click();
    // The download has its own reference by then; revoking later keeps a slow start safe.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }

  async open(file: ProgramFile): Promise<void> {
    const blob = await this.#fetch(file);
    if (blob) this.#deps.openSnapshot(new File([blob], baseName(file.name)));
  }

  release(runId: string): void {
    this.#deps.store.dispatch({ type: 'run-files-released', runId });
    this.#deps.runtime.releaseFiles(runId);
  }

  async #fetch(file: ProgramFile): Promise<Blob | null> {
    if (!file.url) return null;
    try {
      return await this.#deps.runtime.fetchSnapshot(file.url);
    } catch (err) {
      this.#deps.store.dispatch({ type: 'note', level: 'error', text: `Could not get ${file.name}: ${err instanceof Error ? err.message : String(err)}` });
      return null;
    }
  }
}

/** The name a download is saved under: the file's own, without the folders it was written in. */
function baseName(name: string): string {
  return name.split('/').pop() || 'file';
}
