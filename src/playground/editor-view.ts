import { EditorView, basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import type { EditorPort } from './playground-controller.ts';
import { clearRetainerLine, retainerLine, revealRetainerLine } from './retainer-line.ts';

/**
 * The CodeMirror 6 editor holding `main.js`. Every change, typed or set, is reported through
 * `onChange`; the controller decides what it means (edited or not).
 */
export function mountEditor(parent: HTMLElement, initialText: string, onChange: (text: string) => void): EditorPort {
  const view = new EditorView({
    parent,
    doc: initialText,
    extensions: [
      basicSetup,
      javascript(),
      retainerLine(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': 'Program main.js' }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      }),
    ],
  });
  return {
    getText: () => view.state.doc.toString(),
    setText: (text) => {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, effects: clearRetainerLine });
    },
    revealLine: (lineNumber) => revealRetainerLine(view, lineNumber),
  };
}
