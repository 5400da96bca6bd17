import { EditorView } from '@codemirror/view';
import type { Extension } from '@codemirror/state';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import type { ColorScheme } from './page-look.ts';

/** The editor's surface and text colours per scheme; every syntax colour below keeps 4.5:1 on `background`. */
export const EDITOR_PALETTES = {
  light: {
    background: '#ffffff', foreground: '#1f2937', gutterBackground: '#f3f4f6', gutterText: '#4b5563',
    activeLine: '#eef4ff', selection: '#cfe0fc', cursor: '#1f2937',
    syntax: { keyword: '#b4232c', string: '#0a3069', comment: '#57606a', number: '#0550ae', function: '#6f42c1', property: '#8a3500', type: '#8a3500', regexp: '#116329', invalid: '#82071e' },
  },
  dark: {
    background: '#111827', foreground: '#e5e7eb', gutterBackground: '#0f172a', gutterText: '#9ca3af',
    activeLine: '#1c2537', selection: '#1e3a8a', cursor: '#e5e7eb',
    syntax: { keyword: '#ff7b72', string: '#a5d6ff', comment: '#9aa4b1', number: '#79c0ff', function: '#d2a8ff', property: '#ffa657', type: '#ffa657', regexp: '#7ee787', invalid: '#ffa198' },
  },
} as const satisfies Record<ColorScheme, unknown>;

/**
 * CodeMirror's theme and syntax colours for a scheme. Ours rather than basicSetup's default
 * highlight, whose red and green fall below 4.5:1 on white, and which has no dark variant.
 */
export function editorTheme(scheme: ColorScheme): Extension {
  const p = EDITOR_PALETTES[scheme];
  const s = p.syntax;
  const chrome = EditorView.theme({
    '&': { color: p.foreground, backgroundColor: p.background },
    '.cm-content': { caretColor: p.cursor },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: p.cursor },
    '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: p.selection },
    '.cm-gutters': { backgroundColor: p.gutterBackground, color: p.gutterText, borderRight: `1px solid ${p.gutterBackground}` },
    '.cm-activeLine': { backgroundColor: p.activeLine },
    '.cm-activeLineGutter': { backgroundColor: p.activeLine, color: p.foreground },
    '.cm-panels': { backgroundColor: p.gutterBackground, color: p.foreground },
  }, { dark: scheme === 'dark' });
  const highlight = HighlightStyle.define([
    { tag: [t.keyword, t.operatorKeyword, t.controlKeyword, t.moduleKeyword, t.definitionKeyword, t.modifier], color: s.keyword },
    { tag: [t.string, t.special(t.string)], color: s.string },
    { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: s.comment, fontStyle: 'italic' },
    { tag: [t.number, t.bool, t.null, t.atom, t.constant(t.variableName)], color: s.number },
    { tag: [t.function(t.variableName), t.function(t.propertyName), t.definition(t.function(t.variableName))], color: s.function },
    { tag: [t.propertyName, t.definition(t.propertyName)], color: s.property },
    { tag: [t.typeName, t.className, t.definition(t.className)], color: s.type },
    { tag: [t.regexp, t.escape], color: s.regexp },
    { tag: t.invalid, color: s.invalid },
  ]);
  return [chrome, syntaxHighlighting(highlight)];
}
