/**
 * Who commits. The public bodies of French urban policy are named many ways (`l'Etat`, `le préfet`,
 * `les services de l'État`; `le Conseil départemental`, `le Département du Gard`), and the table gives
 * each one name so an agent can filter on it. Local bodies are read from how French names them, not
 * listed: `la commune d'Alès` and `le maire d'Alès` → `Ville d'Alès`, `la Communauté de communes De Cèze
 * Cévennes`, `X Agglomération`. Patterns run on text folded by `foldKeepCase` (no accents or hyphens)
 * but keep case where case tells a body from a common noun: `l'État` and `la Région` are partners,
 * `l'état des lieux` and `la région` are not.
 */

interface PartnerPattern {
  /** The canonical name, or a function of the match for bodies named by pattern. */
  name: string | ((match: RegExpExecArray, original: (from: number, to: number) => string) => string);
  pattern: RegExp;
}

export interface CaseFold {
  folded: string;
  /** `origin[i]`: index in the original of folded character `i` (one past the end last). */
  origin: number[];
}

const MARKS = /\p{M}/gu;
const APOSTROPHES = /[’ʼ‘`´]/;
const DASHES = /[-‐‑–—]/;

/** Accents and hyphens removed, apostrophes plain, runs of spaces as one, case kept; with origins. */
export function foldKeepCaseWithOrigin(text: string): CaseFold {
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    let piece: string;
    if (APOSTROPHES.test(c)) piece = "'";
    else if (DASHES.test(c) || /\s/.test(c)) piece = ' ';
    else if (c === 'Œ') piece = 'OE';
    else if (c === 'œ') piece = 'oe';
    else piece = c.normalize('NFD').replace(MARKS, '');
    if (piece === ' ' && folded.endsWith(' ')) continue;
    folded += piece;
    for (let j = 0; j < piece.length; j++) origin.push(i);
  }
  origin.push(text.length);
  return { folded, origin };
}

/** Folds accents and hyphens but keeps case. */
export function foldKeepCase(text: string): string {
  return foldKeepCaseWithOrigin(text).folded;
}

const I = 'giu';
const C = 'gu';
/** A capitalised name of one to five words, small linking words allowed inside (`Saint Jean du Gard`). */
const NAME = String.raw`\p{Lu}[\p{L}']*(?: (?:(?:de|du|des|la|le|les|en|sur|d'|l')\s?)?\p{Lu}[\p{L}']*){0,4}`;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `Ville d'Alès`, `Ville de La Grand-Combe`: the town as written in the original text. */
function town(name: string): string {
  return /^[AEIOUYÉÈÊÂÎÔH]/iu.test(name) ? `Ville d'${name}` : `Ville de ${name}`;
}

/** Order matters: at one position, the first pattern that matches names the partner. */
const PARTNERS: PartnerPattern[] = [
  {
    name: 'Bailleurs sociaux',
    pattern: new RegExp(
      String.raw`\b(bailleurs? sociaux|bailleur social|les bailleurs|organismes? (HLM|d'habitations? a loyer modere)|offices? publics? de l'habitat|entreprises? sociales? pour l'habitat|logis cevenols?|erilia|un toit pour tous|habitat du gard|gard habitat|FDI habitat|SFHE)\b`,
      I,
    ),
  },
  {
    name: 'Banque des Territoires',
    pattern: new RegExp(String.raw`\b(banque des territoires|caisse des depots( et consignations)?)\b`, I),
  },
  { name: 'France Travail', pattern: new RegExp(String.raw`\b(france travail|pole emploi)\b`, I) },
  { name: 'CAF', pattern: new RegExp(String.raw`\b(CAF|caisse d'allocations familiales)\b`, I) },
  { name: 'ARS', pattern: new RegExp(String.raw`\b(ARS|agence regionale de sante)\b`, I) },
  {
    name: 'Éducation nationale',
    pattern: new RegExp(
      String.raw`\b(education nationale|DSDEN|rectorat|direction (des services departementaux|academique) de l'education)\b`,
      I,
    ),
  },
  {
    name: 'ANRU',
    pattern: new RegExp(
      String.raw`\b(ANRU|agence nationale (?:pour |de |du )?(?:la )?(renovation|renouvellement) urbaine?)\b`,
      I,
    ),
  },
  { name: 'Anah', pattern: new RegExp(String.raw`\b(ANAH|agence nationale de l'habitat)\b`, I) },
  { name: 'Action Logement', pattern: /\baction logement\b/giu },
  {
    name: 'GIP Politique de la ville',
    pattern: /\b(GIP|[Gg]roupement d'[Ii]nter[eê]t [Pp]ublic)\b/gu,
  },
  {
    name: 'Chambres consulaires',
    pattern: new RegExp(
      String.raw`\b(chambres? consulaires?|CCI|chambre de commerce|chambre des metiers|chambre de metiers|chambre d'agriculture)\b`,
      I,
    ),
  },
  { name: 'Conseils citoyens', pattern: /\bconseils? citoyens?\b/giu },
  { name: 'Associations', pattern: /\b(les associations|le tissu associatif|les acteurs associatifs)\b/giu },
  {
    name: 'Région',
    pattern: new RegExp(String.raw`\b(Region( [A-Z][a-z]+)?|[Cc]onseil [Rr]egional|Occitanie)\b`, C),
  },
  {
    name: 'Département',
    pattern: new RegExp(
      String.raw`\b(Departement( (du|de la|des|de l') ?[A-Z][\p{L}]+)?|[Cc]onseil [Dd]epartemental)\b`,
      C,
    ),
  },
  // `la Communauté d'Agglomération Alès Agglomération`, `Alès agglo`: the body named before `Agglomération`.
  {
    name: (m, original) =>
      `${original(m.index + (m[0].length - (m[1] ?? '').length - (m[2] ?? '').length), m.index + m[0].length - (m[2] ?? '').length).trim()} Agglomération`,
    pattern: new RegExp(
      String.raw`(?:[Cc]ommunaute d'[Aa]gglomeration (?:d'|de |du )?)?\b((?:\p{Lu}[\p{L}']*\s){1,3})([Aa]gglo(?:meration)?)\b`,
      C,
    ),
  },
  {
    name: (m) => (m[1] ? `${m[1]} Métropole` : 'Métropole'),
    pattern: new RegExp(
      String.raw`(?:\b(?!(?:La|Le|Cette|L)\b)(\p{Lu}[\p{L}']*) |\b(?:la|La|cette) )Metropole\b`,
      C,
    ),
  },
  {
    name: (m, original) =>
      `Communauté de communes ${original(m.index + m[0].length - (m[1] ?? '').length, m.index + m[0].length)}`,
    pattern: new RegExp(String.raw`\b[Cc]ommunaute de [Cc]ommunes (?:du |de la |des |de |d')?(${NAME})`, C),
  },
  {
    name: 'Communauté d’agglomération',
    pattern: /\b((l'|la |cette )[Aa]gglo(meration)?|(la |cette )?[Cc]ommunaute d'[Aa]gglomeration)\b/gu,
  },
  // `la Ville d'Alès`, `la commune d'Anduze`, `le maire d'Alès`.
  {
    name: (m, original) => town(original(m.index + m[0].length - (m[1] ?? '').length, m.index + m[0].length)),
    pattern: new RegExp(String.raw`\b(?:[Vv]ille|[Cc]ommune|[Mm]airie|[Mm]aire) (?:de |d')(${NAME})`, C),
  },
  {
    name: 'Communes',
    pattern: /\b(les (communes|villes|maires)|chaque commune|les communes signataires)\b/giu,
  },
  {
    name: 'Signataires',
    pattern: /\b(les|tous les|l'ensemble des) (differents )?(signataires|partenaires)\b/giu,
  },
  {
    name: 'État',
    pattern: new RegExp(
      String.raw`(\b[Ll]'\s?Etat\b|\bETAT\b|\bEtat\b(?! (des lieux|civil))|\b[Ll]es services de l'Etat\b|\b[Pp]refe(t|te|cture)s?\b|\b[Ss]ous [Pp]refe(t|te|cture)\b|\bDDETS\b|\bDREETS\b|\bDDT(M)?\b|\bdelegues? du prefet\b)`,
      C,
    ),
  },
];

/** `les villes d'Alès, d'Anduze, de La Grand Combe et de Saint Ambroix`: one partner per town. */
const TOWN_LIST = new RegExp(
  String.raw`\b(?:les )?(?:villes|communes) ((?:de |d')${NAME}(?:(?:, | et )(?:de |d')${NAME})+)`,
  'gu',
);

export interface PartnerMatch {
  name: string;
  /** Where the partner is named in the original text: `[index, end)`. */
  index: number;
  end: number;
}

/** Partners named in `text`, in order of first mention, each once. */
export function findPartners(text: string): PartnerMatch[] {
  const { folded, origin } = foldKeepCaseWithOrigin(text);
  const original = (from: number, to: number) => text.slice(origin[from] ?? 0, origin[to] ?? text.length);
  const found: PartnerMatch[] = [];
  const taken: [number, number][] = [];
  const add = (name: string, from: number, to: number, inList = false) => {
    if (!inList && taken.some(([a, b]) => from < b && to > a)) return;
    taken.push([from, to]);
    found.push({ name: name.replace(/\s+/g, ' '), index: origin[from] ?? 0, end: origin[to] ?? text.length });
  };
  for (const list of folded.matchAll(TOWN_LIST)) {
    const body = list[1] ?? '';
    taken.push([list.index, list.index + list[0].length]);
    let at = list.index + list[0].length - body.length;
    for (const part of body.split(/(, | et )/)) {
      const name = /^(?:de |d')(.*)$/.exec(part)?.[1];
      if (name)
        add(town(original(at + part.length - name.length, at + part.length)), at, at + part.length, true);
      at += part.length;
    }
  }
  for (const { name, pattern } of PARTNERS) {
    pattern.lastIndex = 0;
    for (const match of folded.matchAll(pattern)) {
      const label = typeof name === 'string' ? name : name(match, original);
      add(label, match.index, match.index + match[0].length);
    }
  }
  found.sort((a, b) => a.index - b.index);
  return found.filter((p, i) => found.findIndex((q) => q.name === p.name) === i);
}

/** The canonical name of a known partner, or the phrase as written, capitalised (`la Mission locale` → `La Mission locale`). */
export function normalizePartner(phrase: string): string | undefined {
  const known = findPartners(phrase)[0];
  if (known) return known.name;
  const trimmed = phrase.replace(/^[\s,;:(]+|[\s,;:)]+$/g, '').replace(/\s+/g, ' ');
  if (!trimmed) return undefined;
  return capitalise(trimmed);
}

/** Words that start the name of a body (`la Mission locale`, `l'Agence …`, `la Caisse …`). */
const BODY_NOUN =
  /^(?:association|mission|agence|caisse|office|centre|conseil|fondation|federation|syndicat|etablissement|institut|chambre|direction|groupement|societe|banque|union|regie|service)s?\b/iu;
/** An acronym (`EPF`, `SAEM`, `CCAS`) that is not a roman numeral. */
const ACRONYM = /^(?!(?:[IVXLC]+)$)\p{Lu}{2,6}\b/u;

/** Whether a subject phrase reads like a body that can commit: a known partner, or a named organisation. */
export function looksLikeOrganisation(phrase: string): boolean {
  if (findPartners(phrase).length > 0) return true;
  const words = phrase.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 8) return false;
  // `La Mission locale`, `Le GIP`, `L'association Les Ricochets`: a capital or a body noun after the article.
  const name = phrase.trim().replace(/^(?:le|la|les|l['’]|un|une)\s*/iu, '');
  const folded = name.normalize('NFD').replace(MARKS, '');
  // A person's name (`Jérôme Bonet`) is not a body: a capital alone is not enough.
  return BODY_NOUN.test(folded) || ACRONYM.test(name);
}
