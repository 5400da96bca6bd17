import { EditorView, basicSetup } from 'codemirror';
import { Compartment } from '@codemirror/state';
import { javascript } from '@codemirror/lang-javascript';
import { editorTheme } from './theme/editor-theme.ts';
import { currentLook, onLookChange } from './theme/page-look.ts';
import type { EditorPort } from './playground-controller.ts';
import { clearRetainerLine, retainerLine, revealRetainerLine } from './retainer-line.ts';

/**
 * The CodeMirror 6 editor holding `main.js`. Every change, typed or set, is reported through
 * `onChange`; the controller decides what it means (edited or not).
 */
export function mountEditor(parent: HTMLElement, initialText: string, onChange: (text: string) => void): EditorPort {
  const theme = new Compartment();
  const view = new EditorView({
    parent,
    doc: initialText,
    extensions: [
      basicSetup,
      javascript(),
      theme.of(editorTheme(currentLook().scheme)),
      retainerLine(),
      EditorView.lineWrapping,
      // tabindex: the scroller is a scrollable region, and axe wants a tab stop inside it it can see.
      EditorView.contentAttributes.of({ 'aria-label': 'Program main.js', tabindex: '0' }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      }),
    ],
  });
  onLookChange((look) => view.dispatch({ effects: theme.reconfigure(editorTheme(look.scheme)) }));
  return {
    getText: () => view.state.doc.toString(),
    setText: (text) => {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, effects: clearRetainerLine });
    },
    revealLine: (lineNumber) => revealRetainerLine(view, lineNumber),
  };
}
