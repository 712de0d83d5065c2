import { describe, expect, it } from 'vitest';
import { cleanText, joinLines, splitBullet } from './clean-text.ts';

describe('joinLines', () => {
  it('rejoins a word split at the margin', () => {
    expect(joinLines('travaux d’aménage-', 'ment urbain')).toBe('travaux d’aménagement urbain');
  });
  it('keeps a real hyphen before a capital or a digit', () => {
    expect(joinLines('à Moulin-sous-', 'Touvent')).toBe('à Moulin-sous-Touvent');
    expect(joinLines('loi n° 89-', '462 du 6 juillet')).toBe('loi n° 89-462 du 6 juillet');
  });
  it('keeps the hyphen of compounds and inverted pronouns', () => {
    expect(joinLines('(cf. ci-', 'dessous)')).toBe('(cf. ci-dessous)');
    expect(joinLines('les biscuits seraient-', 'ils bons')).toBe('les biscuits seraient-ils bons');
  });
  it('joins ordinary lines with a space, a spaced dash included', () => {
    expect(joinLines('entre 599 € -', '846 €')).toBe('entre 599 € - 846 €');
  });
});

describe('cleanText', () => {
  it('expands ligatures and drops private-use glyphs and soft hyphens', () => {
    expect(cleanText('\uF0D8 la super\uFB01cie o\uFB03cielle, par\u00ADtie')).toBe(
      'la superficie officielle, partie',
    );
  });
  it('closes the gap a removed footnote call leaves before punctuation', () => {
    expect(cleanText('du 29 juillet 2019 , de la circulaire')).toBe('du 29 juillet 2019, de la circulaire');
  });
});

describe('splitBullet', () => {
  it('recognises bullets, private-use ones included, but not a hyphenated word', () => {
    expect(splitBullet('\uF0B7 premier point')).toEqual({ bullet: true, text: 'premier point' });
    expect(splitBullet('• Atelier 1')).toEqual({ bullet: true, text: 'Atelier 1' });
    expect(splitBullet('- présentation')).toEqual({ bullet: true, text: 'présentation' });
    expect(splitBullet('-462 du 6 juillet').bullet).toBe(false);
  });
});
