import { describe, expect, it } from 'vitest';
import { gluedHeadingEnd, isHeadingLine } from './headings.ts';

/** The heading and the sentence, as the splitter would cut them. */
function cut(sentence: string): [string, string] | undefined {
  const at = gluedHeadingEnd(sentence);
  return at === undefined ? undefined : [sentence.slice(0, at).trim(), sentence.slice(at)];
}

describe('gluedHeadingEnd', () => {
  describe('on a page a mirror site flattened into one line (corpus)', () => {
    it('cuts a heading off the sentence glued after it', () => {
      expect(
        cut(
          'Les territoires concernés Le projet doit se dérouler dans un ou plusieurs quartiers prioritaires.',
        ),
      ).toEqual([
        'Les territoires concernés',
        'Le projet doit se dérouler dans un ou plusieurs quartiers prioritaires.',
      ]);
      expect(
        cut(
          'Les orientations stratégiques (Cf. Annexe 2) L’appel à projets Politique de la ville reste structuré autour de trois piliers.',
        )?.[0],
      ).toBe('Les orientations stratégiques (Cf. Annexe 2)');
    });

    it('cuts a title in capitals off the sentence or the quotation after it', () => {
      expect(
        cut(
          'GIP POLITIQUE DE LA VILLE ALES CEVENNES APPEL A PROJETS 2020 Dans le cadre du dispositif Politique de la ville, un appel à projets annuel est lancé.',
        )?.[0],
      ).toBe('GIP POLITIQUE DE LA VILLE ALES CEVENNES APPEL A PROJETS 2020');
      expect(
        cut(
          'GIP POLITIQUE DE LA VILLE ALES CEVENNES APPEL A PROJETS 2023 – Note de cadrage « La politique de la ville est une politique de cohésion urbaine »',
        )?.[0],
      ).toBe('GIP POLITIQUE DE LA VILLE ALES CEVENNES APPEL A PROJETS 2023 – Note de cadrage');
    });
  });

  describe('on other French web pages', () => {
    it('cuts the headings of a flattened notice', () => {
      expect(
        cut('Horaires d’ouverture La médiathèque est ouverte du mardi au samedi de 10 h à 18 h.')?.[0],
      ).toBe('Horaires d’ouverture');
      expect(cut('Article 2 Le présent arrêté entre en vigueur le jour de sa publication.')?.[0]).toBe(
        'Article 2',
      );
    });

    it('leaves a proper name with its article, and a numbered item, in the sentence', () => {
      expect(
        cut('Les communes de La Grand-Combe et du Vigan signent le contrat de ville avec l’État.'),
      ).toBeUndefined();
      expect(
        cut('Selon le journal Le Monde, la dotation augmentera en 2025 pour toutes les communes.'),
      ).toBeUndefined();
      expect(
        cut('1° Les territoires urbains sont les unités urbaines de plus de 10 000 habitants.'),
      ).toBeUndefined();
      expect(
        cut('Contrat de ville - La nouvelle politique de la ville fait son bilan à La Grand Combe'),
      ).toBeUndefined();
      expect(cut('Le comité se réunit deux fois par an. Il associe les habitants.')).toBeUndefined();
    });
  });
});

describe('isHeadingLine', () => {
  it('takes a short unpunctuated line above a sentence or an item for a heading', () => {
    expect(isHeadingLine('Le NPNRU en chiffres', '130 M€ : l’investissement estimé de la phase 1.')).toBe(
      true,
    );
    expect(isHeadingLine('Développer l’emploi et la mixité sociale', 'Le nouveau programme offre…')).toBe(
      true,
    );
  });

  it('leaves a caption, a byline, a sentence and a line before a lowercase continuation', () => {
    expect(isHeadingLine('6 juillet 2015, Alès Agglomération signe son Contrat de Ville', 'Documents')).toBe(
      false,
    );
    expect(isHeadingLine('Mis à jour le 30/09/2021', 'Mercredi 29 septembre, la préfète…')).toBe(false);
    expect(isHeadingLine('NPNRU Alès : c’est signé !', 'Ce vendredi 17 mai…')).toBe(false);
    expect(isHeadingLine('Un contrat de ville retient 3 orientations', 'l’emploi et le développement')).toBe(
      false,
    );
  });
});
