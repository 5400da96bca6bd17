import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartPlan } from '../../src/playground/heap-chart-plan.ts';
import { CHART_THEMES } from '../../src/playground/theme/chart-theme.ts';
import { contrastRatio } from '../../src/playground/theme/contrast.ts';
import { EDITOR_PALETTES } from '../../src/playground/theme/editor-theme.ts';
import { TERMINAL_THEMES } from '../../src/playground/theme/terminal-theme.ts';

const SCHEMES = ['light', 'dark'] as const;
/** --paper in global.css: the surface the chart is drawn on. */
const PAPER = { light: '#ffffff', dark: '#111827' } as const;
const FIGURES = ['heapUsed', 'external', 'arrayBuffers', 'rss', 'handles'] as const;

test('the contrast ratio is WCAG\u2019s: 21 for black on white, 1 for a colour on itself, and bad colours are refused', () => {
  assert.equal(Number(contrastRatio('#000000', '#ffffff').toFixed(2)), 21);
  assert.equal(contrastRatio('#2563eb', '#2563eb'), 1);
  assert.equal(Number(contrastRatio('#767676', '#ffffff').toFixed(2)), 4.54, 'the well-known lightest grey that passes on white');
  assert.throws(() => contrastRatio('red', '#ffffff'), /"red" is not a #rrggbb colour/);
});

test('every syntax colour and the line numbers of the editor are readable (4.5:1) in both schemes', () => {
  for (const scheme of SCHEMES) {
    const p = EDITOR_PALETTES[scheme];
    assert.ok(contrastRatio(p.foreground, p.background) >= 4.5, `${scheme} text`);
    assert.ok(contrastRatio(p.gutterText, p.gutterBackground) >= 4.5, `${scheme} line numbers`);
    assert.ok(contrastRatio(p.foreground, p.activeLine) >= 4.5, `${scheme} text on the active line`);
    for (const [token, colour] of Object.entries(p.syntax)) {
      for (const [surface, bg] of [['background', p.background], ['active line', p.activeLine]] as const) {
        const ratio = contrastRatio(colour, bg);
        assert.ok(ratio >= 4.5, `${scheme} ${token} ${colour} on the ${surface} ${bg} is ${ratio.toFixed(2)}:1`);
      }
    }
  }
});

test('the terminal\u2019s text and the colours the page writes in (stderr, notices) are readable in both schemes', () => {
  for (const scheme of SCHEMES) {
    const theme = TERMINAL_THEMES[scheme];
    for (const name of ['foreground', 'red', 'cyan', 'yellow', 'brightRed', 'green'] as const) {
      const colour = theme[name];
      assert.ok(colour, `${scheme} has ${name}`);
      const ratio = contrastRatio(colour, theme.background);
      assert.ok(ratio >= 4.5, `${scheme} ${name} ${colour} is ${ratio.toFixed(2)}:1`);
    }
  }
});

test('the chart\u2019s axis text reads at 4.5:1 and its lines, floor dots and snapshot marks stand out at 3:1 on the page', () => {
  for (const scheme of SCHEMES) {
    const theme = CHART_THEMES[scheme];
    const paper = PAPER[scheme];
    for (const [what, colour] of [['time axis', theme.timeAxisInk], ...Object.entries(theme.axisInk)]) {
      assert.ok(contrastRatio(colour, paper) >= 4.5, `${scheme} ${what} ${colour}: ${contrastRatio(colour, paper).toFixed(2)}:1`);
    }
    for (const [what, colour] of [['floor', theme.floor], ['mark', theme.mark], ...Object.entries(theme.lines).map(([k, l]) => [k, l.stroke])]) {
      assert.ok(contrastRatio(colour, paper) >= 3, `${scheme} ${what} ${colour}: ${contrastRatio(colour, paper).toFixed(2)}:1`);
    }
  }
});

test('without colour, lines read against one axis differ by their dash, whatever the lesson\u2019s figure', () => {
  for (const figure of FIGURES) {
    const plan = chartPlan(figure);
    for (const scheme of SCHEMES) {
      const seen = new Map<string, string>();
      for (const line of plan.lines) {
        const key = `${line.scale}:${CHART_THEMES[scheme].lines[line.column].dash.join(',')}`;
        assert.equal(seen.get(key), undefined, `${figure}: ${line.label} and ${seen.get(key)} share a dash pattern on the ${line.scale} axis`);
        seen.set(key, line.label);
      }
    }
  }
});
