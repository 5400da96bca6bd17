import type { ITheme } from '@xterm/xterm';
import type { ColorScheme } from './page-look.ts';

/**
 * The terminal's colours per scheme. Both are dark surfaces (output reads best light-on-dark),
 * the dark scheme's a shade deeper to sit on the darker page. The ANSI colours the page uses
 * (red for stderr, cyan and yellow for notices) are the bright variants that keep 4.5:1 on the
 * background; xterm's minimumContrastRatio (terminal-view.ts) lifts any colour a program prints.
 * `background` matches --terminal-bg in global.css.
 */
export const TERMINAL_THEMES: Record<ColorScheme, ITheme & { background: string; foreground: string }> = {
  light: {
    background: '#111827', foreground: '#e5e7eb', cursor: '#e5e7eb', selectionBackground: '#374151',
    red: '#f87171', brightRed: '#fca5a5', yellow: '#facc15', brightYellow: '#fde047', cyan: '#67e8f9', brightCyan: '#a5f3fc',
    green: '#4ade80', blue: '#93c5fd', magenta: '#e879f9', white: '#e5e7eb', black: '#111827', brightBlack: '#9ca3af',
  },
  dark: {
    background: '#030712', foreground: '#e5e7eb', cursor: '#e5e7eb', selectionBackground: '#334155',
    red: '#f87171', brightRed: '#fca5a5', yellow: '#facc15', brightYellow: '#fde047', cyan: '#67e8f9', brightCyan: '#a5f3fc',
    green: '#4ade80', blue: '#93c5fd', magenta: '#e879f9', white: '#e5e7eb', black: '#030712', brightBlack: '#9ca3af',
  },
};

/** Terminal type size: larger when presenting, so the back row can read the output. */
export function terminalFontPx(isPresenting: boolean): number {
  return isPresenting ? 17 : 13;
}
