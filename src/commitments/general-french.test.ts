/**
 * The extractor on sentences that are not in the default corpus: press releases and contracts of
 * other towns, written the many ways French says who pays what. They check that the rules read the
 * grammar (subject, agent, source of a sum), not the Alès sentences they were first tried on.
 */
import { describe, expect, it } from 'vitest';
import { type CommitmentSource, extractCommitments } from './index.ts';

function rows(text: string, extra: Partial<CommitmentSource> = {}) {
  return extractCommitments([
    {
      docId: 'ailleurs',
      source: 'ailleurs.md',
      title: 'Communiqué',
      url: 'https://example.org/communique',
      headingPath: [],
      text,
      date: '2022-03-01',
      ...extra,
    },
  ]).map((c) => [c.partner, c.amount ?? null, c.date ?? null]);
}

describe('extractCommitments on general French', () => {
  it('reads the subject of a funding verb in the present, and the sum it brings', () => {
    expect(rows('La Caisse des dépôts apporte 1 200 000 € à la rénovation de la médiathèque.')).toEqual([
      ['Banque des Territoires', 1_200_000, '2022'],
    ]);
  });

  it('reads a passive agent and « à hauteur de »', () => {
    expect(
      rows('La rénovation du gymnase est financée par le Conseil régional à hauteur de 450 000 €.'),
    ).toEqual([['Région', 450_000, '2022']]);
  });

  it('reads the source of a sum (« de subventions de », « de la part de »)', () => {
    expect(
      rows("Le chantier coûte 12 M€, dont 4,5 M€ de subventions de l'Agence nationale de l'habitat."),
    ).toEqual([['Anah', 4_500_000, '2022']]);
  });

  it('gives each partner its own sum in a coordination with the verb left out', () => {
    expect(
      rows('La Métropole investit 3 M€, la commune de Villeurbanne 1,5 M€ et Action Logement 800 000 €.'),
    ).toEqual([
      ['Métropole', 3_000_000, '2022'],
      ['Ville de Villeurbanne', 1_500_000, '2022'],
      ['Action Logement', 800_000, '2022'],
    ]);
  });

  it('names a body it has no table entry for from its head noun, and its deadline', () => {
    expect(rows("L'Office public de l'habitat de Tourcoing réhabilitera 300 logements d'ici 2026.")).toEqual([
      ['Bailleurs sociaux', null, "d'ici 2026"],
    ]);
    expect(rows("La Fondation Abbé Pierre financera deux postes d'accompagnement.")).toEqual([
      ['La Fondation Abbé Pierre', null, '2022'],
    ]);
  });

  it('lists every signatory named in brackets after « les partenaires »', () => {
    expect(
      rows(
        'Le 3 juillet 2023, les partenaires (Etat, Département du Nord, CAF du Nord) ont signé la convention.',
      ),
    ).toEqual([
      ['État', null, '2023'],
      ['Département', null, '2023'],
      ['CAF', null, '2023'],
    ]);
  });

  it('finds the neighbourhood a sentence names, with or without a QPV table', () => {
    const [row] = extractCommitments([
      {
        docId: 'x',
        source: 'x.md',
        title: 'Communiqué',
        url: '/documents/x',
        headingPath: [],
        text: "L'ANRU finance 2 M€ pour le quartier des Oliviers et le Faubourg Saint-Martin.",
      },
    ]);
    expect(row?.neighbourhoods).toEqual(['Oliviers', 'Faubourg Saint-Martin']);
  });

  it('leaves out budgets without payer, visits, reported speech and persons', () => {
    expect(
      rows(
        [
          '25 M€ vont être investis dans le quartier.',
          'Le préfet a visité le chantier de la place centrale.',
          '« Nous financerons tout », déclare le maire.',
          'Jean Dupont signe le registre.',
          'Le programme prévoit de démolir 200 logements.',
        ].join(' '),
      ),
    ).toEqual([]);
  });
});
