import { describe, expect, it } from 'vitest';
import { documentDateLabel, formatFrenchDate, frenchDateComplement } from './french-date.ts';

describe('formatFrenchDate', () => {
  it('writes a day, a month or a year as a resident reads it', () => {
    expect(formatFrenchDate('2024-05-17')).toBe('17 mai 2024');
    expect(formatFrenchDate('2024-03-01')).toBe('1er mars 2024');
    expect(formatFrenchDate('2015-07')).toBe('juillet 2015');
    expect(formatFrenchDate('2020')).toBe('2020');
  });

  it('leaves anything else unwritten', () => {
    expect(formatFrenchDate('2024-13')).toBeUndefined();
    expect(formatFrenchDate('2024-05-40')).toBeUndefined();
    expect(formatFrenchDate('mai 2024')).toBeUndefined();
  });
});

describe('frenchDateComplement', () => {
  it('says « du » before a day, « de » before a month or year, and elides before a vowel', () => {
    expect(frenchDateComplement('2024-05-22')).toBe('du 22 mai 2024');
    expect(frenchDateComplement('2024-05')).toBe('de mai 2024');
    expect(frenchDateComplement('2024-04')).toBe('d’avril 2024');
    expect(frenchDateComplement('2023-08')).toBe('d’août 2023');
    expect(frenchDateComplement('2020')).toBe('de 2020');
  });
});

describe('documentDateLabel', () => {
  it('names the document by its date, or says it has none', () => {
    expect(documentDateLabel('2024-05-22')).toBe('Document du 22 mai 2024');
    expect(documentDateLabel('2024-05')).toBe('Document de mai 2024');
    expect(documentDateLabel('2020')).toBe('Document de 2020');
    expect(documentDateLabel(undefined)).toBe('Document non daté');
    expect(documentDateLabel('bientôt')).toBe('Document non daté');
  });
});
