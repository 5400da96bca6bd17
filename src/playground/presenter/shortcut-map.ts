/**
 * The presenter's keyboard shortcuts: one table, read by the key handler (mount-presenter.ts) and
 * by the help overlay (PresenterHelp.astro), so what the overlay says is what the keys do.
 * Single keys without modifiers, so a speaker can press them blind; they act only in presenter
 * mode (turning it off turns them off, WCAG 2.1.4) and never while the learner types.
 */
export type ShortcutAction =
  | 'run' | 'stop' | 'snapshot' | 'compare' | 'show-fix' | 'reset'
  | 'next-lesson' | 'previous-lesson' | 'focus-editor' | 'help';

export interface Shortcut {
  /** `KeyboardEvent.key` values that trigger it. */
  keys: readonly string[];
  action: ShortcutAction;
  /** What the overlay says it does. */
  description: string;
  /** The button it presses, by data-testid; null for actions that are not a button. */
  buttonTestId: string | null;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['r'], action: 'run', description: 'Run the program (Restart while it runs)', buttonTestId: 'run' },
  { keys: ['s'], action: 'stop', description: 'Stop the run', buttonTestId: 'stop' },
  { keys: ['h'], action: 'snapshot', description: 'Take a heap snapshot', buttonTestId: 'snapshot' },
  { keys: ['c'], action: 'compare', description: 'Compare the ticked snapshots', buttonTestId: 'compare' },
  { keys: ['f'], action: 'show-fix', description: 'Show the fix (load fixed.js)', buttonTestId: 'show-fix' },
  { keys: ['b'], action: 'reset', description: 'Back to leaky.js (Reset)', buttonTestId: 'reset' },
  { keys: ['n'], action: 'next-lesson', description: 'Next lesson', buttonTestId: null },
  { keys: ['p'], action: 'previous-lesson', description: 'Previous lesson', buttonTestId: null },
  { keys: ['e'], action: 'focus-editor', description: 'Edit the code (Esc or Tab leaves the editor)', buttonTestId: null },
  { keys: ['?'], action: 'help', description: 'Show or hide these shortcuts', buttonTestId: null },
];

/** What the handler needs to know of a key press. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** True while an IME composes a character. */
  isComposing: boolean;
  /** The focus is where text goes: the editor, an input, a select, anything contenteditable. */
  isInTextField: boolean;
}

/**
 * The shortcut a key press means, or null: none while typing in a field or the editor, none with
 * Ctrl, Cmd or Alt (the browser's own shortcuts, e.g. Ctrl+R, stay the browser's), none mid-IME.
 * Shift is allowed, since `?` needs it on most layouts; letters match in either case.
 */
export function shortcutFor(press: KeyPress): Shortcut | null {
  if (press.isInTextField || press.isComposing || press.ctrlKey || press.metaKey || press.altKey) return null;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  return SHORTCUTS.find((s) => s.keys.includes(key)) ?? null;
}

/** The key to show for a shortcut: `R`, `?`. */
export function keyLabel(shortcut: Shortcut): string {
  return shortcut.keys[0].toUpperCase();
}
