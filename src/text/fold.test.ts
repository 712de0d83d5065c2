import { describe, expect, it } from 'vitest';
import { foldText, foldWithOrigin } from './fold.ts';

describe('foldWithOrigin', () => {
  it('folds as foldText does, character for character', () => {
    const text = "L’ŒUVRE de l'État à Saint-Étienne : 52 M€, `cité`\u202fÆ ß İ Ångström «Prés-Saint-Jean»";
    expect(foldWithOrigin(text).folded).toBe(foldText(text));
  });

  it('points each folded character back to the one it came from', () => {
    const text = 'Œuvre ÉTÉ';
    const { folded, origin } = foldWithOrigin(text);
    expect(folded).toBe('oeuvre ete');
    // « oe » both come from « Œ »; the end points one past the text.
    expect(origin.slice(0, 3)).toEqual([0, 0, 1]);
    expect(origin[folded.indexOf('ete')]).toBe(text.indexOf('ÉTÉ'));
    expect(origin.at(-1)).toBe(text.length);
  });

  it('gives the same result the second time a character is seen', () => {
    expect(foldWithOrigin('Été').folded).toBe('ete');
    expect(foldWithOrigin('Été Été').folded).toBe('ete ete');
  });
});
