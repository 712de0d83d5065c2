import { describe, expect, it } from 'vitest';
import { expandColloquial, normalizeTexting } from './colloquial.ts';

describe('normalizeTexting', () => {
  it('writes out the small words of texting, whatever their case', () => {
    expect(normalizeTexting('c koi le contrat de ville')).toBe('c quoi le contrat de ville');
    expect(normalizeTexting('Cb ça coûte et kan ça commence ?')).toBe(
      'combien ça coûte et quand ça commence ?',
    );
    expect(normalizeTexting('jai un pb ds mon appart')).toBe("j'ai un pb dans mon appart");
    expect(normalizeTexting('cest quand quil commence')).toBe("c'est quand qu'il commence");
  });

  it('leaves whole words alone, even when they contain a texting form', () => {
    expect(normalizeTexting('Les kiosques du quartier Kandinsky')).toBe('Les kiosques du quartier Kandinsky');
  });
});

describe('expandColloquial', () => {
  it("gives the documents' words where people say « changer » or « le covid »", () => {
    expect(expandColloquial('qui doit changer le flexible')).toContain('remplacement');
    expect(expandColloquial('le covid a touché les quartiers')).toContain('crise sanitaire');
  });

  it('appends the written forms of informal words and acronyms', () => {
    expect(expandColloquial('mon proprio et le QPV')).toBe(
      'mon proprio et le QPV propriétaire bailleur quartier prioritaire politique de la ville',
    );
  });
});
