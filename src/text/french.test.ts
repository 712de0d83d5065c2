import { describe, expect, it } from 'vitest';
import { analyze, analyzeWords, foldText, isStopWord, stem, tokenize } from './french.ts';

describe('foldText', () => {
  it('lowercases, strips accents and expands ligatures', () => {
    expect(foldText('Œuvre À ÉLÈVES Cæsar')).toBe('oeuvre a eleves caesar');
  });

  it('turns typographic apostrophes and non-breaking spaces into plain ones', () => {
    expect(foldText('l’État\u00a0d‘abord\u202fqu ʼil')).toBe("l'etat d'abord qu 'il");
  });
});

describe('tokenize', () => {
  it('keeps law ids and alphanumeric codes whole', () => {
    expect(tokenize('Loi n° 2014-173 ; quartier QP030002.')).toEqual([
      'loi',
      'n',
      '2014-173',
      'quartier',
      'qp030002',
    ]);
  });

  it('splits hyphenated words, so "grand combe" meets "Grand-Combe"', () => {
    expect(tokenize('La Grand-Combe')).toEqual(['la', 'grand', 'combe']);
  });
});

describe('analyze', () => {
  it('strips elisions', () => {
    expect(analyze("l'État")).toEqual(['etat']);
    expect(analyze('d’emploi')).toEqual(analyze('emploi'));
    expect(analyze("jusqu'à l'école, lorsqu'il s'inscrit")).toEqual([stem('ecole'), stem('inscrit')]);
  });

  it('drops question words and auxiliaries but keeps domain words', () => {
    expect(analyze("Qu'est-ce que c'est, le contrat de ville du quartier ?")).toEqual([
      stem('contrat'),
      stem('ville'),
      stem('quartier'),
    ]);
    expect(analyze('Pourquoi et comment a-t-il été signé ?')).toEqual([stem('signe')]);
  });

  it('gives the same terms with or without accents', () => {
    const accented = analyze('Réhabilitation des logements, sécurité, priorités, lycées, première année');
    expect(analyze('rehabilitation des logements, securite, priorites, lycees, premiere annee')).toEqual(
      accented,
    );
  });

  it('keeps a number range and its years', () => {
    expect(analyze('contrat 2015-2020')).toEqual([stem('contrat'), '2015-2020', '2015', '2020']);
  });

  it('reports the folded form of each word, for highlighting', () => {
    expect(analyzeWords('Les Écoles')).toEqual([{ form: 'ecoles', term: stem('ecole') }]);
  });
});

describe('stem', () => {
  it('gives one stem for accented and unaccented forms', () => {
    for (const [a, b] of [
      ['réhabilitation', 'rehabilitation'],
      ['sécurité', 'securite'],
      ['créée', 'creee'],
      ['particulièrement', 'particulierement'],
    ] as const) {
      expect(stem(a)).toBe(stem(b));
    }
  });

  it('conflates singular and plural, masculine and feminine', () => {
    expect(stem('logements')).toBe(stem('logement'));
    expect(stem('emplois')).toBe(stem('emploi'));
    expect(stem('prioritaires')).toBe(stem('prioritaire'));
    expect(stem('sécurité')).not.toBe(stem('secteur'));
  });
});

describe('isStopWord', () => {
  it('knows grammatical words in folded form', () => {
    for (const word of ['le', 'des', 'ou', 'a', 'quel', 'quoi', 'comment', 'pourquoi', 'est', 'ont', 'ete']) {
      expect(isStopWord(word), word).toBe(true);
    }
  });

  it('does not drop content words', () => {
    for (const word of ['ville', 'quartier', 'contrat', 'loi', 'bien', 'emploi', 'ecole']) {
      expect(isStopWord(word), word).toBe(false);
    }
  });
});
