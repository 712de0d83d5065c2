import { describe, expect, it } from 'vitest';
import { foldText } from './fold.ts';
import { phoneticKey } from './phonetic.ts';

const key = (word: string) => phoneticKey(foldText(word));

describe('phoneticKey', () => {
  it('gives words spelt by ear the key of their written form', () => {
    for (const [heard, written] of [
      ['chofage', 'chauffage'],
      ['reparasion', 'réparation'],
      ['proprietère', 'propriétaire'],
      ['kartier', 'quartier'],
      ['subvension', 'subvention'],
      ['lojement', 'logement'],
      ['entretient', 'entretien'],
    ]) {
      expect(key(heard!), `${heard} / ${written}`).toBe(key(written!));
    }
  });

  it('keeps apart words that only look alike', () => {
    expect(key('loi')).not.toBe(key('loyer'));
    expect(key('ville')).not.toBe(key('vol'));
    expect(key('chaudière')).not.toBe(key('chaussure'));
  });
});
