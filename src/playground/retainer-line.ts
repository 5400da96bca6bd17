import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';

/** Marks the line starting at this document position; null clears the mark. */
const markLineAt = StateEffect.define<number | null>();

const lineMark = Decoration.line({ class: 'cm-retainer-line', attributes: { 'data-testid': 'retainer-line' } });

/**
 * The line a retainer path pointed at, as a decoration of its own: it moves with edits above it,
 * and it is not the selection, so the learner's cursor and selection stay where they were.
 */
const retainerLineField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(markLineAt)) next = effect.value === null ? Decoration.none : Decoration.set([lineMark.range(effect.value)]);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const retainerLineTheme = EditorView.baseTheme({
  '.cm-retainer-line': { backgroundColor: '#fef3c7', boxShadow: 'inset 3px 0 0 #d97706' },
});

/** The editor extension that can mark a retainer path's line. */
export function retainerLine(): Extension {
  return [retainerLineField, retainerLineTheme];
}

/** Marks a 1-based line and scrolls it to the middle of the editor; a line past the end does nothing. */
export function revealRetainerLine(view: EditorView, lineNumber: number): void {
  if (!Number.isInteger(lineNumber) || lineNumber < 1 || lineNumber > view.state.doc.lines) return;
  const line = view.state.doc.line(lineNumber);
  view.dispatch({ effects: [markLineAt.of(line.from), EditorView.scrollIntoView(line.from, { y: 'center' })] });
}

/** The effect that clears the mark (the whole program was replaced, so the line means nothing now). */
export const clearRetainerLine = markLineAt.of(null);
