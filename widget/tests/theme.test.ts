import { describe, expect, it } from 'vitest';
import { contrastRatio, parseHexColour } from '../src/colour.ts';
import { PALETTE, TEXT_PAIRS, UI_PAIRS } from '../src/theme.ts';

const rgb = (name: keyof typeof PALETTE) => parseHexColour(PALETTE[name])!;

describe('the default palette', () => {
  it.each(TEXT_PAIRS)('%s on %s reaches 4.5:1 (WCAG 1.4.3)', (fg, bg) => {
    expect(contrastRatio(rgb(fg), rgb(bg))).toBeGreaterThanOrEqual(4.5);
  });

  it.each(UI_PAIRS)('%s on %s reaches 3:1 (WCAG 1.4.11)', (fg, bg) => {
    expect(contrastRatio(rgb(fg), rgb(bg))).toBeGreaterThanOrEqual(3);
  });
});

describe('contrastRatio', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio(parseHexColour('#777')!, [255, 255, 255])).toBeCloseTo(4.48, 2);
  });
});
