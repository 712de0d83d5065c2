import { describe, expect, it } from 'vitest';
import { findAmounts, formatAmount } from './amounts.ts';
import { findDate, yearOf } from './dates.ts';

const values = (text: string) => findAmounts(text).map((a) => a.value);

describe('findAmounts', () => {
  it.each([
    ['52 M€', 52_000_000],
    ["81,6 millions d'euros", 81_600_000],
    ['6,5 M€', 6_500_000],
    ['1 200 000 €', 1_200_000],
    ['1.200.000 euros', 1_200_000],
    ['40 millions', 40_000_000],
    ['2,3 millions', 2_300_000],
    ['1,2 milliard d’euros', 1_200_000_000],
    ['15 k€', 15_000],
    ['3 000 €', 3_000],
    ['180 M €', 180_000_000],
  ])('reads « %s »', (text, value) => {
    expect(values(`La Région apporte ${text} au projet.`)).toEqual([value]);
  });

  it('reads what is counted as something other than money as no sum', () => {
    expect(
      values("3 millions d'habitants, 494 logements démolis, 35 % du total, en 2024, 1/3 de la surface"),
    ).toEqual([]);
  });

  it('keeps a bare « N millions » followed by « de la part de »', () => {
    expect(values("dont plus de 50 millions de la part de l'ANRU")).toEqual([50_000_000]);
  });

  it('writes sums as an agent reads them', () => {
    expect(formatAmount(52_000_000)).toBe('52\u00a0M€');
    expect(formatAmount(81_600_000)).toBe('81,6\u00a0M€');
    expect(formatAmount(537_500)).toBe('537\u202f500\u00a0€');
  });
});

describe('findDate', () => {
  it.each([
    ["Le Département financera 20 postes d'ici 2030.", "d'ici 2030"],
    ['Le contrat de ville 2015-2020 est prolongé.', '2015-2020'],
    ['69 M€ investis entre 2006 et 2020', '2006-2020'],
    ['Ce vendredi 17 mai 2024, les partenaires ont signé.', '2024'],
    ['La CAF versera 3 000 € aux centres sociaux.', undefined],
  ])('reads « %s »', (text, date) => {
    expect(findDate(text)).toBe(date);
  });

  it("takes the year of the document's date", () => {
    expect(yearOf('2024-05-17')).toBe('2024');
    expect(yearOf(undefined)).toBeUndefined();
  });
});
