/**
 * Finds, in a document's passages, the sentences where a partner commits to something, and says who,
 * on what theme and where. Rules rather than a model: what a contrat de ville commits to is said
 * in a few set phrases (`s'engage à`, `financera`, `mobilisera`, sections `Engagements de l'État`),
 * and an agent must be able to see why a sentence is there.
 */
import type { Commitment } from '../assistant/types.ts';
import { foldLoose, foldWithOrigin } from './fold.ts';
import { findNeighbourhood } from './neighbourhoods.ts';
import { findPartners, looksLikeOrganisation, normalizePartner } from './partners.ts';
import { splitUnits } from './sentences.ts';
import { classifyTheme } from './themes.ts';

/** One passage (chunk) of a document, with what a citation needs. */
export interface CommitmentSource {
  docId: string;
  source: string;
  title: string;
  /** Base link; `#page=N` is added for the app's own `/documents/` links. */
  url: string;
  page?: number;
  headingPath: string[];
  text: string;
}

/** Verbs of commitment, on folded text (lowercase, no accents, `oe` for `œ`). */
const COMMITMENT_VERB = new RegExp(
  [
    String.raw`s'(?:y )?engag(?:e|ent|era|eront|erait|eraient)\b`,
    String.raw`(?:s'est|se sont) engage(?:e|s|es)?\b`,
    String.raw`prend(?:ra|ront|)? l'engagement\b`,
    String.raw`\b(?:mobiliser|(?:co-?)?financer|contribuer|apporter|participer|assurer|accompagner|renforcer|consacrer|developper|reserver|faciliter|animer|piloter|coordonner|proposer|garantir)(?:a|ont)\b`,
    String.raw`\b(?:soutiendr|poursuivr|deploier|deploir|maintiendr)(?:a|ont)\b`,
    String.raw`\bmettr(?:a|ont) en (?:oeuvre|place)\b`,
    String.raw`\bveiller(?:a|ont) (?:a|au|aux)\b`,
    String.raw`\bprendr(?:a|ont) en charge\b`,
    String.raw`\bs'attacher(?:a|ont) a\b`,
  ].join('|'),
  'g',
);
/** `Au titre de ses engagements, la CAF …`: a commitment whatever the verb. */
const COMMITMENT_MARKER = /\bau titre de (?:ses|leurs) engagements\b/;
/** `sera financé par la CAF`: the partner comes after `par`. */
const PASSIVE_COMMITMENT =
  /\b(?:sera|seront) (?:co-?)?(?:finance|mobilise|pris|assure|mis|porte|apporte|accompagne|soutenu)e?s?(?: en (?:charge|oeuvre|place))? par (.+?)(?:[,;.]|$)/;
/** `Engagements de l'État`, `2.3 Les engagements du Département`. */
const ENGAGEMENT_HEADING =
  /^(?:[\divx]+(?:[.)°-]\d*)*\s*[-–.)]?\s*)?(?:les\s+)?(engagements?)\s+(?:de la |de l'|du |des |de |d')\s*(.+?)\s*:?$/;
/** Legal texts define what contracts contain; they commit nobody. */
const LEGAL_TITLE = /^(?:loi|decret|arrete|ordonnance|circulaire|code|reglement)\b/;
const LEGAL_SENTENCE =
  /\b(?:la presente loi|du present decret|present article|present code|presente ordonnance)\b/;
const PREPOSITION =
  /^(?:a|au|aux|dans|pour|en|par|sur|avec|de|du|des|d'|selon|sous|apres|avant|lors|afin|aupres|entre|chez|grace|face)\b/;
const PRONOUN =
  /^(?:il|elle|ils|elles|celui-ci|celle-ci|ceux-ci|celles-ci|ce dernier|cette derniere|ces derniers|chacun|chacune|chacun d'eux)$/;
const LEADING_LINKS =
  /^(?:et|ainsi|aussi|enfin|de plus|en outre|par ailleurs|pour sa part|pour leur part|quant a (?:lui|elle|eux)|de son cote|de leur cote|egalement|notamment)\s+/;
const GENERIC_PARTIES = /^(?:les |l'ensemble des |tous les )?(?:partenaires|signataires|acteurs|parties)\b/;
const MIN_WORDS = 3;

interface Section {
  partner: string;
}

/** The partner a heading announces (`Engagements de l'État` → `État`), if it announces commitments. */
function sectionFromHeading(heading: string): Section | undefined {
  const { folded, origin } = foldWithOrigin(heading.trim());
  const match = ENGAGEMENT_HEADING.exec(folded);
  if (match?.[2]) {
    const start = origin[folded.length - match[2].length - (folded.endsWith(':') ? 1 : 0)] ?? 0;
    const phrase = heading.trim().slice(start).replace(/\s*:$/, '');
    const known = findPartners(phrase)[0]?.name;
    const plural = match[1] === 'engagements';
    if (known) return { partner: known };
    // `Engagements des partenaires` gathers the others' sections: it names nobody.
    if (GENERIC_PARTIES.test(foldLoose(phrase))) return undefined;
    if (plural && phrase.split(/\s+/).length <= 8) return { partner: normalizePartner(phrase) ?? phrase };
    return undefined;
  }
  // A heading that is itself a commitment (`La CAF s'engage à :`) announces its items.
  for (const verb of folded.matchAll(COMMITMENT_VERB)) {
    const partners = subjectPartners(heading, origin[verb.index] ?? 0);
    if (partners[0]) return { partner: partners[0] };
  }
  return undefined;
}

/** The partners that are the subject of a verb starting at `verbAt` in `sentence` (none found: []). */
function subjectPartners(sentence: string, verbAt: number): string[] {
  const prefix = sentence.slice(0, verbAt);
  const segments = prefix.split(/[,;:()]/);
  for (let i = segments.length - 1; i >= 0; i--) {
    const raw = (segments[i] ?? '')
      .trim()
      .replace(/\s+qui$|^qui$/i, '')
      .trim();
    const folded = foldLoose(raw).replace(LEADING_LINKS, '');
    if (!folded || folded === 'qui') continue;
    if (PREPOSITION.test(folded)) continue;
    if (PRONOUN.test(folded)) return [];
    const known = findPartners(raw).map((p) => p.name);
    if (known.length > 0) return known;
    const phrase = raw.replace(/^(?:et|ainsi|aussi|enfin|de plus|en outre|par ailleurs)\s+/i, '');
    if (looksLikeOrganisation(phrase)) return [normalizePartner(phrase) ?? phrase];
    return [];
  }
  return [];
}

function commitmentUrl(source: CommitmentSource): string {
  if (source.page !== undefined && source.url.startsWith('/documents/') && !source.url.includes('#')) {
    return `${source.url}#page=${source.page}`;
  }
  return source.url;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The commitments of one passage, in reading order. */
function extractFromPassage(source: CommitmentSource): Commitment[] {
  const found: Commitment[] = [];
  const headings = source.headingPath;
  let section: Section | undefined;
  for (const heading of headings) section = sectionFromHeading(heading) ?? section;
  const headingKeys = new Set(headings.map((h) => foldLoose(h)));
  const context = headings.join(' ; ');
  let leadIn: { text: string; partners: string[] } | undefined;
  let lastPartners: string[] = [];

  const push = (partners: string[], text: string) => {
    for (const partner of partners) {
      found.push({
        partner,
        theme: classifyTheme(text, context),
        neighbourhood: findNeighbourhood(text) ?? findNeighbourhoodIn(headings),
        text,
        docId: source.docId,
        source: source.source,
        title: source.title,
        ...(source.page !== undefined ? { page: source.page } : {}),
        url: commitmentUrl(source),
      });
    }
  };

  for (const unit of splitUnits(source.text)) {
    const sentence = unit.text;
    const folded = foldLoose(sentence);
    if (headingKeys.has(folded)) continue;
    const announced =
      folded.length < 120 && !/[.!?]$/.test(folded) ? sectionFromHeading(sentence) : undefined;
    if (announced && ENGAGEMENT_HEADING.test(foldWithOrigin(sentence).folded)) {
      section = announced;
      leadIn = undefined;
      continue;
    }
    if (!unit.listItem) leadIn = undefined;
    if (sentence.endsWith('?') || LEGAL_SENTENCE.test(folded)) continue;

    if (unit.listItem && leadIn) {
      push(leadIn.partners, `${leadIn.text} ${sentence}`);
      continue;
    }

    const { folded: exact, origin } = foldWithOrigin(sentence);
    const verbs = [...exact.matchAll(COMMITMENT_VERB)];
    const marker = COMMITMENT_MARKER.exec(exact);
    const verb = verbs.length > 0 || marker !== null;
    const passive = verb ? null : PASSIVE_COMMITMENT.exec(exact);
    let partners: string[] = [];
    if (verb) {
      for (const match of verbs) {
        const verbAt = origin[match.index] ?? 0;
        partners = subjectPartners(sentence, verbAt);
        if (partners.length > 0) break;
        const subject = foldLoose(sentence.slice(0, verbAt)).split(/[,;:]/).pop()?.trim() ?? '';
        if (PRONOUN.test(subject.replace(LEADING_LINKS, ''))) partners = lastPartners;
        if (partners.length > 0) break;
      }
      if (partners.length === 0 && marker) {
        const after = findPartners(sentence.slice(origin[marker.index + marker[0].length] ?? 0))[0];
        if (after) partners = [after.name];
      }
      if (partners.length === 0 && section) partners = [section.partner];
    } else if (passive?.[1]) {
      const start = origin[(passive.index ?? 0) + passive[0].indexOf(' par ') + 5] ?? 0;
      const agent = normalizePartner(sentence.slice(start).split(/[,;.]/)[0] ?? '');
      if (agent && looksLikeOrganisation(agent)) partners = [findPartners(agent)[0]?.name ?? agent];
    } else if (section && wordCount(sentence) >= MIN_WORDS) {
      partners = [section.partner];
    }
    if (partners.length === 0 || wordCount(sentence) < MIN_WORDS) continue;
    lastPartners = partners;
    if (verbs.length > 0 && sentence.trimEnd().endsWith(':')) {
      // `La CAF s'engage à :` introduces the items that follow; each item is one commitment.
      leadIn = { text: sentence.trim(), partners };
      continue;
    }
    push(partners, sentence);
  }
  return found;
}

function findNeighbourhoodIn(headings: string[]): string | undefined {
  for (let i = headings.length - 1; i >= 0; i--) {
    const name = findNeighbourhood(headings[i] ?? '');
    if (name) return name;
  }
  return undefined;
}

/**
 * The commitments stated in `passages` (one per chunk, any order of documents), each once per
 * document and partner even when overlapping chunks repeat it or cut it short.
 */
export function extractCommitments(passages: CommitmentSource[]): Commitment[] {
  const byDocument = new Map<string, { commitment: Commitment; key: string }[]>();
  for (const passage of passages) {
    if (LEGAL_TITLE.test(foldLoose(passage.title))) continue;
    for (const commitment of extractFromPassage(passage)) {
      const kept = byDocument.get(commitment.docId) ?? [];
      byDocument.set(commitment.docId, kept);
      const key = foldLoose(commitment.text);
      const same = kept.filter((k) => k.commitment.partner === commitment.partner);
      // An overlap may repeat a sentence whole or start inside it: keep the longest form once.
      if (same.some((k) => k.key.includes(key))) continue;
      const shorter = same.find((k) => key.includes(k.key));
      if (shorter) {
        shorter.commitment = commitment;
        shorter.key = key;
        continue;
      }
      kept.push({ commitment, key });
    }
  }
  return [...byDocument.values()].flat().map((k) => k.commitment);
}
