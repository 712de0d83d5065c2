import { describe, expect, it } from 'vitest';
import { joinLines, readText, tableRowText } from './text.ts';

describe('readText', () => {
  it('splits paragraphs on blank lines and takes a title-like first line as title', () => {
    const result = readText(
      'Appel à projets 2023\r\n\r\nLe dossier est à déposer\r\navant le 15 janvier.\r\n\r\n\r\nLes projets sont étudiés en comité.\n',
    );
    expect(result.meta).toEqual({ title: 'Appel à projets 2023' });
    expect(result.blocks).toEqual([
      { type: 'heading', text: 'Appel à projets 2023', headingPath: ['Appel à projets 2023'] },
      {
        type: 'paragraph',
        text: 'Le dossier est à déposer avant le 15 janvier.',
        headingPath: ['Appel à projets 2023'],
      },
      {
        type: 'paragraph',
        text: 'Les projets sont étudiés en comité.',
        headingPath: ['Appel à projets 2023'],
      },
    ]);
  });

  it('gives no title when the text opens on a sentence', () => {
    const result = readText('Une donnée est une représentation.\n\nSuite.');
    expect(result.meta.title).toBeUndefined();
    expect(result.blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph']);
    expect(result.blocks[0]?.headingPath).toEqual([]);
  });

  it('reads bullet lines as list items, keeping the lines around them', () => {
    const result = readText('Pièces à fournir :\n- un budget\n• un calendrier\nMerci.');
    expect(result.blocks.map((b) => [b.type, b.text])).toEqual([
      ['paragraph', 'Pièces à fournir :'],
      ['list-item', 'un budget'],
      ['list-item', 'un calendrier'],
      ['paragraph', 'Merci.'],
    ]);
  });

  it('rejects white space only', () => {
    expect(() => readText(' \n\t\n')).toThrowError(
      expect.objectContaining({ reason: 'empty', message: 'le fichier est vide' }),
    );
  });
});

describe('joinLines', () => {
  it('joins lines wrapped at a fixed width, even before a capital', () => {
    const wrapped = [
      'Les projets présentés dans ce cadre relèvent de la compétence du GIP Politique de la ville Alès',
      'Cévennes et seront à construire avec le soutien de l’équipe technique dédiée co-mandatée par',
      "l'Etat.",
    ];
    expect(joinLines(wrapped)).toEqual([wrapped.join(' ')]);
  });

  it('keeps a short label line apart from the long paragraph after it', () => {
    const long =
      'Tel est l’esprit de la refonte des contrats de ville qui entre en vigueur le 1er janvier 2024 et repose sur trois piliers.';
    expect(joinLines(['Documents à télécharger', 'Contrat de Ville 2024-2030', long])).toEqual([
      'Documents à télécharger',
      'Contrat de Ville 2024-2030',
      long,
    ]);
  });
});

describe('tableRowText', () => {
  it('reads a row as a French sentence, each value after its header', () => {
    expect(tableRowText(['Commune', 'Quartier', 'Population'], ['Anduze', 'Centre Ville', '1134'])).toBe(
      'Commune Anduze : quartier Centre Ville, population 1134.',
    );
  });

  it('puts a value holding a dash or a comma in guillemets, and reads a year column', () => {
    expect(tableRowText(['Quartier', '2020', '2021'], ['Trescol - La Levade', '120', '130'])).toBe(
      'Quartier « Trescol - La Levade » : 120 en 2020, 130 en 2021.',
    );
    expect(tableRowText(['', 'QPV'], ['Logements démolis', '494'])).toBe('Logements démolis : QPV 494.');
  });
});
