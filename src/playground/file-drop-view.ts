import { byTestId } from './dom.ts';

/**
 * The /analyze drop zone and file input: hands the chosen `.heapsnapshot` files over as File
 * objects (never read here; the worker streams them). Clears the input so the same file can be
 * chosen again after an error.
 */
export function mountFileDrop(root: HTMLElement, onFiles: (files: File[]) => void): void {
  const zone = byTestId(root, 'drop-zone');
  const input = byTestId<HTMLInputElement>(root, 'file-input');
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) onFiles(files);
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.dataset.over = 'true';
  });
  zone.addEventListener('dragleave', () => { delete zone.dataset.over; });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    delete zone.dataset.over;
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) onFiles(files);
  });
}
