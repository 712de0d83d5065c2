/**
 * The theme of a commitment, from the words it uses: the pillars of a contrat de ville (emploi,
 * cohésion sociale, cadre de vie) split finer where an agent looks for them (éducation, santé,
 * sécurité…). Stems run on folded text; the theme with most hits wins, the table order breaks ties.
 */
import { foldLoose } from './fold.ts';

export const OTHER_THEME = 'autre';

const THEMES: { theme: string; stems: string[] }[] = [
  {
    theme: 'emploi et développement économique',
    stems: [
      'emploi',
      'chomage',
      'chomeur',
      'insertion professionnelle',
      "insertion par l'activite",
      'formation professionnelle',
      'apprentissage',
      'entrepren',
      'entreprise',
      "creation d'activite",
      'developpement economique',
      'commerce',
      'economi',
      'recrutement',
      'embauche',
      'stage',
      'qualification',
      'france travail',
      'pole emploi',
      'mission locale',
      "clause d'insertion",
      "clauses d'insertion",
      "chantier d'insertion",
      "chantiers d'insertion",
      'insertion',
    ],
  },
  {
    theme: 'éducation',
    stems: [
      'educati',
      'ecole',
      'scolaire',
      'college',
      'lycee',
      'eleve',
      'reussite educative',
      'decrochage',
      'periscolaire',
      'petite enfance',
      'creche',
      'parentalite',
      'cite educative',
      'soutien scolaire',
      'enseign',
    ],
  },
  {
    theme: 'habitat',
    stems: [
      'logement',
      'habitat',
      'bailleur',
      'loyer',
      'relogement',
      'attribution',
      'copropriet',
      'insalubr',
      'hlm',
      'locataire',
      "reconstitution de l'offre",
      'renovation energetique',
    ],
  },
  {
    theme: 'cadre de vie et renouvellement urbain',
    stems: [
      'cadre de vie',
      'renouvellement urbain',
      'renovation urbaine',
      'npnru',
      'anru',
      'espace public',
      'espaces publics',
      'amenagement',
      'gestion urbaine',
      'proximite',
      'proprete',
      'demolition',
      'residentialisation',
      'equipement',
      'voirie',
      'espaces verts',
    ],
  },
  {
    theme: 'sécurité et prévention de la délinquance',
    stems: [
      'securit',
      'delinquance',
      'tranquillite',
      'police',
      'gendarmerie',
      'prevention specialisee',
      'violence',
      'trafic',
      'radicalisation',
      'mediation',
      'justice',
      'victime',
    ],
  },
  {
    theme: 'santé',
    stems: [
      'sante',
      'soin',
      'medec',
      'medical',
      'maison de sante',
      'contrat local de sante',
      'addict',
      'handicap',
      'psych',
      'ars',
    ],
  },
  {
    theme: 'transition écologique',
    stems: [
      'transition ecologique',
      'ecologi',
      'climat',
      'energ',
      'renovation thermique',
      'biodiversite',
      'vegetalis',
      'dechet',
      'environnement',
      'ilot de chaleur',
      'ilots de chaleur',
      'nature en ville',
      'durable',
    ],
  },
  {
    theme: 'mobilité',
    stems: ['mobilite', 'transport', 'deplacement', 'permis de conduire', 'bus', 'desenclav', 'velo'],
  },
  {
    theme: 'participation citoyenne',
    stems: [
      'participation',
      'conseil citoyen',
      'conseils citoyens',
      'habitants associes',
      'co construction',
      'concertation',
      "pouvoir d'agir",
      'maison du projet',
    ],
  },
  {
    theme: 'culture et sport',
    stems: [
      'culture',
      'cultur',
      'sport',
      'artist',
      'lecture',
      'mediatheque',
      'bibliotheque',
      'musique',
      'patrimoine',
      'loisir',
    ],
  },
  {
    theme: 'cohésion sociale',
    stems: [
      'cohesion sociale',
      'acces aux droits',
      'lien social',
      'solidarit',
      'pauvrete',
      'precarite',
      'famille',
      'jeunesse',
      'jeunes',
      'seniors',
      'isolement',
      'adultes relais',
      'lutte contre les discriminations',
      'discrimination',
      'egalite femmes hommes',
      'valeurs de la republique',
      'laicite',
      'numerique',
      'france services',
      'centre social',
      'centres sociaux',
      'vie associative',
    ],
  },
];

function countHits(folded: string, stems: string[]): number {
  let hits = 0;
  for (const stem of stems) {
    // A stem matches at a word start (`educati` in `éducation`, not `ars` in `gars`).
    const pattern = new RegExp(`(?:^|[^a-z0-9])${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g');
    hits += folded.match(pattern)?.length ?? 0;
  }
  return hits;
}

/** The theme of `sentence`; `context` (its headings) only decides when the sentence alone does not. */
export function classifyTheme(sentence: string, context = ''): string {
  for (const text of [sentence, context]) {
    const folded = foldLoose(text);
    let best = OTHER_THEME;
    let bestHits = 0;
    for (const { theme, stems } of THEMES) {
      const hits = countHits(folded, stems);
      if (hits > bestHits) {
        best = theme;
        bestHits = hits;
      }
    }
    if (bestHits > 0) return best;
  }
  return OTHER_THEME;
}
