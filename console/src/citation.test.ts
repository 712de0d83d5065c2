import { describe, expect, it } from 'vitest';
import { absoluteUrl, formatCitation, formatFrenchDate } from './citation.ts';

const HIT = {
  excerpt: 'L’État mobilisera les crédits\nde la politique de la ville.',
  title: 'Contrat de ville 2024-2030',
  page: 12,
  url: '/documents/cdv-2024#page=12',
};

describe('formatCitation', () => {
  it('quotes the passage with its title, page, absolute link and the day it was read', () => {
    const text = formatCitation(HIT, {
      origin: 'https://assistant.ales.fr',
      date: new Date(2026, 10, 25, 9, 30),
    });
    expect(text).toBe(
      '« L’État mobilisera les crédits de la politique de la ville. » — Contrat de ville 2024-2030, p. 12, https://assistant.ales.fr/documents/cdv-2024#page=12, consulté le 25/11/2026',
    );
  });

  it('leaves the page out for a web page and keeps its own address', () => {
    const { page: _page, ...web } = HIT;
    const text = formatCitation(
      { ...web, url: 'https://ales.fr/contrat-de-ville' },
      { origin: 'https://a.fr', date: new Date(2026, 0, 5) },
    );
    expect(text).toBe(
      '« L’État mobilisera les crédits de la politique de la ville. » — Contrat de ville 2024-2030, https://ales.fr/contrat-de-ville, consulté le 05/01/2026',
    );
  });
});

describe('formatFrenchDate', () => {
  it('writes day/month/year with two-digit day and month', () => {
    expect(formatFrenchDate(new Date(2027, 2, 9))).toBe('09/03/2027');
  });
});

describe('absoluteUrl', () => {
  it('refuses links that are not http(s)', () => {
    expect(absoluteUrl('javascript:alert(1)', 'https://a.fr')).toBeUndefined();
    expect(absoluteUrl('/documents/x', 'https://a.fr')).toBe('https://a.fr/documents/x');
  });
});
