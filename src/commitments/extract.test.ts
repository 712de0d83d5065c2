import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CommitmentSource, extractCommitments } from './index.ts';

const CONTRACT = {
  docId: 'cdv-2024',
  source: 'contrat-de-ville-2024-2030.pdf',
  title: 'Contrat de ville 2024-2030 – Alès Agglomération',
  url: '/documents/cdv-2024',
};

function passage(page: number, headingPath: string[], text: string): CommitmentSource {
  return { ...CONTRACT, page, headingPath, text };
}

/** Passages written the way French contrats de ville state commitments. */
const PASSAGES: CommitmentSource[] = [
  passage(
    41,
    ['5. Les engagements des partenaires', "5.1 Les engagements de l'État"],
    `L'État mobilisera les crédits du programme 147 au bénéfice des quartiers prioritaires.
- Renforcer la présence des délégués du préfet aux Prés-Saint-Jean ;
- Déployer la Cité éducative dans les écoles du quartier de Rochebelle.`,
  ),
  passage(
    42,
    ['5. Les engagements des partenaires'],
    `La Caisse d'allocations familiales du Gard s'engage à :
- financer les postes d'adultes-relais ;
- soutenir les centres sociaux de Trescol – La Levade.
Le Département du Gard et la Région Occitanie financeront la réhabilitation du collège Jean Racine. Au titre de ses engagements, France Travail accompagnera 300 demandeurs d'emploi du quartier des Tamaris. Pour sa part, la Mission locale s'engage à suivre les jeunes sans emploi ni formation. Le projet contribuera à améliorer le cadre de vie. L'engagement citoyen des habitants reste fort dans les quartiers.`,
  ),
  passage(
    43,
    ['Engagements de Logis Cévenols'],
    "Réhabiliter 871 logements sociaux dans le quartier de Cauvel d'ici 2030.",
  ),
  passage(
    44,
    ['Pilier cadre de vie'],
    "Les travaux de voirie seront financés par Alès Agglomération, à hauteur de 2 M€. Elle prendra en charge l'entretien des espaces verts.",
  ),
];

/** The list of priority neighbourhoods, as the index holds it: where neighbourhood names come from. */
const QPV_LIST: CommitmentSource = {
  docId: 'qpv',
  source: 'qpv.md',
  title: 'Quartiers prioritaires',
  url: '/documents/qpv',
  headingPath: ['Quartiers prioritaires'],
  text: [
    'Code QP030001 : quartier prioritaire « Près Saint Jean - Cévennes - Tamaris - Cauvel - Rochebelle », commune Alès, population 14621.',
    'Code QP030017 : quartier prioritaire « Trescol - La Levade », commune La Grand-Combe, population 1012.',
  ].join('\n\n'),
};

const found = extractCommitments([...PASSAGES, QPV_LIST]);
const byText = (fragment: string) => found.filter((c) => c.text.includes(fragment));

describe('extractCommitments', () => {
  describe('in a contract', () => {
    it('keeps a sentence where a named partner commits, with its page and a link to that page', () => {
      expect(byText('programme 147')).toEqual([
        {
          partner: 'État',
          theme: 'autre',
          text: "L'État mobilisera les crédits du programme 147 au bénéfice des quartiers prioritaires.",
          docId: 'cdv-2024',
          source: 'contrat-de-ville-2024-2030.pdf',
          title: 'Contrat de ville 2024-2030 – Alès Agglomération',
          page: 41,
          url: '/documents/cdv-2024#page=41',
          neighbourhoods: [],
        },
      ]);
    });

    it('gives the list items of an "Engagements de …" section to the partner of the heading', () => {
      const items = byText('Cité éducative');
      expect(items.map((c) => [c.partner, c.theme, c.neighbourhoods])).toEqual([
        ['État', 'éducation', ['Rochebelle']],
      ]);
      expect(byText('délégués du préfet')[0]?.neighbourhoods).toEqual(['Près Saint Jean']);
    });

    it('turns each item after "X s\'engage à :" into one commitment of X', () => {
      const caf = found.filter((c) => c.partner === 'CAF');
      expect(caf.map((c) => c.text)).toEqual([
        "La Caisse d'allocations familiales du Gard s'engage à : financer les postes d'adultes-relais ;",
        "La Caisse d'allocations familiales du Gard s'engage à : soutenir les centres sociaux de Trescol – La Levade.",
      ]);
      expect(caf[1]?.neighbourhoods).toEqual(['Trescol', 'La Levade']);
      expect(caf[0]?.theme).toBe('cohésion sociale');
    });

    it('files a commitment shared by two partners under each of them', () => {
      expect(byText('collège Jean Racine').map((c) => [c.partner, c.theme])).toEqual([
        ['Département', 'éducation'],
        ['Région', 'éducation'],
      ]);
    });

    it('finds the partner after "au titre de ses engagements", and the neighbourhood', () => {
      expect(byText('300 demandeurs').map((c) => [c.partner, c.theme, c.neighbourhoods])).toEqual([
        ['France Travail', 'emploi et développement économique', ['Tamaris']],
      ]);
    });

    it('names an unknown partner as the document writes it', () => {
      expect(byText('jeunes sans emploi').map((c) => c.partner)).toEqual(['La Mission locale']);
    });

    it('normalises a social landlord named in a heading, and files housing under habitat', () => {
      expect(byText('871 logements').map((c) => [c.partner, c.theme, c.neighbourhoods, c.date])).toEqual([
        ['Bailleurs sociaux', 'habitat', ['Cauvel'], "d'ici 2030"],
      ]);
    });

    it('reads the agent of a future passive, and resolves "elle" to the partner just named', () => {
      expect(byText('travaux de voirie').map((c) => [c.partner, c.amount])).toEqual([
        ['Alès Agglomération', 2_000_000],
      ]);
      expect(byText('espaces verts').map((c) => [c.partner, c.theme])).toEqual([
        ['Alès Agglomération', 'cadre de vie et renouvellement urbain'],
      ]);
    });
  });

  describe('when nothing is committed', () => {
    it('leaves out a future with no partner as subject, and "l\'engagement citoyen" in a description', () => {
      expect(byText('Le projet contribuera')).toEqual([]);
      expect(byText('engagement citoyen')).toEqual([]);
    });

    it('leaves out a law saying what contracts must contain', () => {
      const law = extractCommitments([
        {
          docId: 'loi',
          source: 'loi.md',
          title: 'Loi n° 2014-173 du 21 février 2014 de programmation pour la ville',
          url: 'https://www.legifrance.gouv.fr/loda/id/JORFTEXT000028636804',
          headingPath: ['Article 6'],
          text: "Les signataires du contrat de ville s'engagent, dans le cadre de leurs compétences respectives, à mettre en œuvre les actions de droit commun.",
        },
        {
          ...CONTRACT,
          headingPath: ['Cadre juridique'],
          text: "Les objectifs, notamment chiffrés, que les signataires s'engagent à poursuivre dans le cadre des domaines mentionnés à l'article 1er de la présente loi.",
        },
      ]);
      expect(law).toEqual([]);
    });

    it('leaves out questions and sentences with an infinitive only', () => {
      const none = extractCommitments([
        passage(
          3,
          ['Diagnostic'],
          "Qui financera les travaux ? Les partenaires participent à mettre en oeuvre les projets afin d'assurer l'égalité.",
        ),
      ]);
      expect(none).toEqual([]);
    });
  });

  describe('over overlapping chunks', () => {
    it('keeps a sentence once per document, in its longest form', () => {
      const sentence = "L'ARS financera deux postes de médiateurs santé aux Cévennes.";
      const result = extractCommitments([
        QPV_LIST,
        passage(7, [], `Préambule. ${sentence}`),
        passage(7, [], sentence),
        passage(8, [], `${sentence} Suite du texte.`),
        { ...passage(9, [], sentence), docId: 'autre-doc' },
      ]);
      expect(result.map((c) => [c.docId, c.partner, c.theme, c.neighbourhoods])).toEqual([
        ['cdv-2024', 'ARS', 'santé', ['Cévennes']],
        ['autre-doc', 'ARS', 'santé', ['Cévennes']],
      ]);
    });
  });

  it('keeps the source link as is for web pages', () => {
    const [web] = extractCommitments([
      {
        docId: 'w',
        source: 'w.md',
        title: 'Page',
        url: 'https://ales.fr/x',
        page: 2,
        headingPath: [],
        text: "L'Etat s'engage à financer dix postes.",
      },
    ]);
    expect(web?.url).toBe('https://ales.fr/x');
    expect(web?.partner).toBe('État');
  });
});

describe('extractCommitments on the default corpus', () => {
  const dir = new URL('../../corpus/', import.meta.url);
  const passages = readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name !== 'SOURCES.md')
    .flatMap((name): CommitmentSource[] => {
      const text = readFileSync(new URL(name, dir), 'utf8');
      const title = /^title: "(.*)"$/m.exec(text)?.[1] ?? name;
      const body = text.replace(/^---\n[\s\S]*?\n---\n/, '');
      const headings: string[] = [];
      return body.split(/\n\s*\n/).flatMap((block) => {
        const heading = /^(#+)\s+(.*)$/.exec(block.trim());
        if (heading?.[1] && heading[2]) {
          headings.splice(heading[1].length - 1);
          headings.push(heading[2]);
          return [];
        }
        return [
          {
            docId: name,
            source: name,
            title,
            url: `/documents/${name}`,
            headingPath: [...headings],
            text: block,
          },
        ];
      });
    });
  const corpus = extractCommitments(passages);

  it('finds the State committing to the new contracts on the Contrat de ville page', () => {
    expect(corpus).toContainEqual(
      expect.objectContaining({
        partner: 'État',
        docId: 'ales-fr_politique-de-la-ville_contrat-de-ville.md',
        text: expect.stringContaining('s’engage dans de nouveaux contrats'),
      }),
    );
  });

  it('takes nothing from the law, nor from descriptions of the ANRU committee', () => {
    expect(corpus.filter((c) => c.docId.startsWith('loi-'))).toEqual([]);
    expect(corpus.filter((c) => c.text.includes('comité d’engagement'))).toEqual([]);
    expect(corpus.filter((c) => c.text.includes('participent à mettre en oeuvre'))).toEqual([]);
  });
});
