/**
 * Who commits. Known partners of a contrat de ville are named many ways (`l'Etat`, `le préfet`,
 * `les services de l'État`); the table gives each one name so an agent can filter on it. Patterns run
 * on text folded by `foldKeepCase` (no accents or hyphens) but keep case where case tells a body from a common noun: `l'État`
 * and `la Région` are partners, `l'état des lieux` and `la région` are not.
 */
interface PartnerPattern {
  name: string;
  /** Matched against the case-preserving fold (accents and hyphens removed). */
  pattern: RegExp;
}

/** Folds accents and hyphens but keeps case. */
export function foldKeepCase(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’ʼ‘`´]/g, "'")
    .replace(/Œ/g, 'OE')
    .replace(/œ/g, 'oe')
    .replace(/[-‐‑–—]/g, ' ')
    .replace(/\s+/g, ' ');
}

const I = 'iu';
const C = 'u';

/** Order matters: the first pattern that matches at a position names the partner. */
const PARTNERS: PartnerPattern[] = [
  {
    name: 'Bailleurs sociaux',
    pattern: new RegExp(
      String.raw`\b(bailleurs? sociaux|bailleur social|les bailleurs|organismes? (HLM|d'habitations? a loyer modere)|logis cevenols?|erilia|un toit pour tous|habitat du gard|gard habitat|FDI habitat|SFHE)\b`,
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
      String.raw`\b(ANRU|agence nationale (pour la|de la) (renovation|renouvellement) urbaine?)\b`,
      I,
    ),
  },
  { name: 'Anah', pattern: new RegExp(String.raw`\b(ANAH|agence nationale de l'habitat)\b`, I) },
  { name: 'Action Logement', pattern: /\baction logement\b/iu },
  { name: 'GIP Politique de la ville', pattern: /\b(GIP|groupement d'interet public)\b/u },
  {
    name: 'Chambres consulaires',
    pattern: new RegExp(
      String.raw`\b(chambres? consulaires?|CCI|chambre de commerce|chambre des metiers|chambre de metiers|chambre d'agriculture)\b`,
      I,
    ),
  },
  { name: 'Conseils citoyens', pattern: /\bconseils? citoyens?\b/iu },
  { name: 'Associations', pattern: /\b(les associations|le tissu associatif|les acteurs associatifs)\b/iu },
  {
    name: 'Région',
    pattern: new RegExp(String.raw`\b(Region( Occitanie)?|[Cc]onseil [Rr]egional|Occitanie)\b`, C),
  },
  {
    name: 'Département',
    pattern: new RegExp(String.raw`\b(Departement( du Gard)?|[Cc]onseil [Dd]epartemental)\b`, C),
  },
  {
    name: 'Alès Agglomération',
    pattern: new RegExp(
      String.raw`\b(Ales Agglo(meration)?|(l'|la |cette )[Aa]gglo(meration)?(?! (de|du|d') )|(la |cette )?[Cc]ommunaute d'[Aa]gglomeration(?! (de|du|d') )|(la )?[Cc]ommunaute d'[Aa]gglomeration (d')?Ales)\b`,
      C,
    ),
  },
  {
    name: "Ville d'Alès",
    pattern: new RegExp(
      String.raw`\b((la )?[Vv]ille d'Ales|(la )?[Cc]ommune d'Ales|(le )?[Mm]aire d'Ales)\b`,
      C,
    ),
  },
  { name: "Ville d'Anduze", pattern: new RegExp(String.raw`\b(([Vv]ille|[Cc]ommune) d'Anduze|Anduze)\b`, C) },
  {
    name: 'Ville de La Grand-Combe',
    pattern: new RegExp(String.raw`\b(([Vv]ille|[Cc]ommune) de )?[Ll]a Grand Combe\b`, C),
  },
  {
    name: 'Ville de Saint-Ambroix',
    pattern: new RegExp(String.raw`\b(([Vv]ille|[Cc]ommune) de )?(Saint|St) Ambroix\b`, C),
  },
  {
    name: 'Communes',
    pattern: /\b(les (communes|villes|maires)|chaque commune|les communes signataires)\b/iu,
  },
  { name: 'Signataires', pattern: /\b(les|tous les|l'ensemble des) (signataires|partenaires)\b/iu },
  {
    name: 'État',
    pattern: new RegExp(
      String.raw`(\b[Ll]'\s?Etat\b|\bETAT\b|^Etat\b|\b[Ll]es services de l'Etat\b|\b[Pp]refe(t|te|cture)s?\b|\b[Ss]ous [Pp]refe(t|te|cture)\b|\bDDETS\b|\bDREETS\b|\bDDT(M)?\b|\bdelegues? du prefet\b)`,
      C,
    ),
  },
];

export interface PartnerMatch {
  name: string;
  index: number;
}

/** Known partners named in `text`, in order of first mention, each once. */
export function findPartners(text: string): PartnerMatch[] {
  const folded = foldKeepCase(text);
  const found: PartnerMatch[] = [];
  for (const { name, pattern } of PARTNERS) {
    const match = pattern.exec(folded);
    if (match) found.push({ name, index: match.index });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The canonical name of a known partner, or the phrase as written, capitalised (`la Mission locale` → `La Mission locale`). */
export function normalizePartner(phrase: string): string | undefined {
  const known = findPartners(phrase)[0];
  if (known) return known.name;
  const trimmed = phrase.replace(/^[\s,;:(]+|[\s,;:)]+$/g, '').replace(/\s+/g, ' ');
  if (!trimmed) return undefined;
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

/** Whether a subject phrase reads like a body that can commit: a known partner, or a named organisation. */
export function looksLikeOrganisation(phrase: string): boolean {
  if (findPartners(phrase).length > 0) return true;
  const words = phrase.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 8) return false;
  // `La Mission locale`, `Le GIP`, `L'association Les Ricochets`: a capital after the article.
  const name = phrase.trim().replace(/^(?:le|la|les|l['’]|un|une)\s*/iu, '');
  return /^\p{Lu}/u.test(name) || /^(?:association|mission|agence|caisse|office|centre)\b/iu.test(name);
}
