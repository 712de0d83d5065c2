/**
 * Finds, in a document's passages, the sentences where a partner commits to something, and says who,
 * how much, on what theme, where and when. Rules rather than a model, read from how French states
 * who pays or does what: the subject of a verb of funding or commitment (`l'État débloque 52 M€`,
 * `les bailleurs investissent 81,6 M€, la commune 6,5 M€…`), the agent of a passive (`co-financés par
 * le Conseil départemental à hauteur de 537 500 €`), the source of a sum (`2,3 millions d'euros de
 * l'ANAH`, `50 millions de la part de l'ANRU`), a role (`Alès Agglomération (porteur de projet)`), the
 * section `Engagements de l'État`. An agent must be able to see why a sentence is there.
 */
import type { Commitment } from '../assistant/types.ts';
import { findAmounts } from './amounts.ts';
import { findDate, yearOf } from './dates.ts';
import { foldLoose, foldWithOrigin } from './fold.ts';
import { COMMITMENT_VERB, type Mention, sentenceMentions, subjectPartners } from './mentions.ts';
import { findNeighbourhoods, type Gazetteer, readGazetteer } from './neighbourhoods.ts';
import { findPartners, normalizePartner } from './partners.ts';
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
  /** The document's date (`2024-05-17`, `2020`): the year of a commitment whose sentence gives none. */
  date?: string;
}

/** `Engagements de l'État`, `2.3 Les engagements du Département`. */
const ENGAGEMENT_HEADING =
  /^(?:[\divx]+(?:[.)°-]\d*)*\s*[-–.)]?\s*)?(?:les\s+)?(engagements?)\s+(?:de la |de l'|du |des |de |d')\s*(.+?)\s*:?$/;
/** Legal texts define what contracts contain; they commit nobody. */
const LEGAL_TITLE = /^(?:loi|decret|arrete|ordonnance|circulaire|code|reglement)\b/;
const LEGAL_SENTENCE =
  /\b(?:la presente loi|du present decret|present article|present code|presente ordonnance)\b/;
/** `le comité d'engagement de l'ANRU a examiné`: a body's name, not a commitment. */
const NOT_A_COMMITMENT = /\bcomite d'engagement\b/;
const GENERIC_PARTIES = /^(?:les |l'ensemble des |tous les )?(?:partenaires|signataires|acteurs|parties)\b/;
/** A sentence that refers back to the project the sentence before described (and its neighbourhoods). */
const REFERS_BACK = /\b(?:projet|programme|avenant|convention|npnru|ces quartiers|ces secteurs)\b/;
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

function commitmentUrl(source: CommitmentSource): string {
  if (source.page !== undefined && source.url.startsWith('/documents/') && !source.url.includes('#')) {
    return `${source.url}#page=${source.page}`;
  }
  return source.url;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

interface DocumentContext {
  gazetteer: Gazetteer;
  /** `l'Agglo`, `la Communauté d'agglomération` → the one agglomeration the document names, if one. */
  resolve(partner: string): string;
}

/** What reading carries from one passage of a document to the next (a list may start in one and go on in the next). */
interface ReadingState {
  leadIn?: { text: string; partners: string[] };
  lastPartners: string[];
  previousSentence: string;
}

/** The commitments of one passage, in reading order. */
function extractFromPassage(
  source: CommitmentSource,
  context: DocumentContext,
  state: ReadingState,
): Commitment[] {
  const found: Commitment[] = [];
  const headings = source.headingPath;
  let section: Section | undefined;
  for (const heading of headings) section = sectionFromHeading(heading) ?? section;
  const headingKeys = new Set(headings.map((h) => foldLoose(h)));
  const headingContext = headings.join(' ; ');
  let { leadIn, lastPartners, previousSentence } = state;
  let quoteDepth = 0;

  const places = (text: string, previous: string): string[] => {
    const own = findNeighbourhoods(text, context.gazetteer);
    if (own.length > 0) return own;
    for (let i = headings.length - 1; i >= 0; i--) {
      const named = findNeighbourhoods(headings[i] ?? '', context.gazetteer);
      if (named.length > 0) return named;
    }
    return REFERS_BACK.test(foldLoose(text)) ? findNeighbourhoods(previous, context.gazetteer) : [];
  };

  const push = (mentions: Mention[], text: string, previous: string) => {
    const date = findDate(text) ?? yearOf(source.date);
    const neighbourhoods = places(text, previous);
    // A partner named twice for one commitment (`la rénovation … est financée par la Région à hauteur
    // de …`) is one row, with the sum if either mention has it.
    const byPartner = new Map<string, Mention['amount']>();
    for (const mention of mentions) {
      for (const raw of mention.partners) {
        const partner = context.resolve(raw);
        if (!byPartner.get(partner)) byPartner.set(partner, mention.amount);
      }
    }
    for (const [partner, amount] of byPartner) {
      found.push({
        partner,
        theme: classifyTheme(text, headingContext),
        ...(amount ? { amount: amount.value } : {}),
        neighbourhoods,
        ...(date ? { date } : {}),
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
    const previous = previousSentence;
    previousSentence = sentence;
    // Reported speech and quotations (a law's article quoted in a call for projects) commit nobody here.
    const quoted = quoteDepth > 0 || sentence.trimStart().startsWith('«');
    quoteDepth = Math.max(
      0,
      quoteDepth + (sentence.match(/«/g)?.length ?? 0) - (sentence.match(/»/g)?.length ?? 0),
    );
    const folded = foldLoose(sentence);
    if (headingKeys.has(folded)) continue;
    const announced =
      folded.length < 120 && !/[.!?]$/.test(folded) ? sectionFromHeading(sentence) : undefined;
    if (announced && ENGAGEMENT_HEADING.test(foldWithOrigin(sentence).folded)) {
      section = announced;
      leadIn = undefined;
      continue;
    }
    // Readers may drop the bullets: after `… a signé plusieurs contrats :`, a unit starting in lower case is an item.
    const listItem = unit.listItem || (leadIn !== undefined && /^\p{Ll}/u.test(sentence));
    if (!listItem) leadIn = undefined;
    if (quoted || sentence.endsWith('?') || LEGAL_SENTENCE.test(folded)) continue;

    if (listItem && leadIn) {
      const text = `${leadIn.text} ${sentence}`;
      const own = sentenceMentions(sentence, lastPartners).filter((m) => m.amount);
      push(
        own.length > 0
          ? own
          : [{ partners: leadIn.partners, at: 0, amount: findAmounts(sentence)[0] ?? null }],
        text,
        previous,
      );
      continue;
    }
    if (NOT_A_COMMITMENT.test(folded) || wordCount(sentence) < MIN_WORDS) continue;

    let mentions = sentenceMentions(sentence, lastPartners);
    if (mentions.length === 0 && section) {
      mentions = [{ partners: [section.partner], at: 0, amount: findAmounts(sentence)[0] ?? null }];
    }
    if (mentions.length === 0) continue;
    lastPartners = mentions[mentions.length - 1]?.partners ?? lastPartners;
    if (COMMITMENT_VERB.test(foldWithOrigin(sentence).folded) && sentence.trimEnd().endsWith(':')) {
      // `La CAF s'engage à :` introduces the items that follow; each item is one commitment.
      COMMITMENT_VERB.lastIndex = 0;
      leadIn = { text: sentence.trim(), partners: mentions[0]?.partners ?? [] };
      continue;
    }
    COMMITMENT_VERB.lastIndex = 0;
    push(mentions, sentence, previous);
  }
  Object.assign(state, { leadIn, lastPartners, previousSentence });
  return found;
}

/** `l'Agglo` is the agglomeration the document names, when it names exactly one. */
function documentContext(passages: CommitmentSource[], gazetteer: Gazetteer): DocumentContext {
  const agglomerations = new Set(
    passages
      .flatMap((p) => findPartners(p.text).map((m) => m.name))
      .filter((name) => / (?:Agglomération|Métropole)$/.test(name)),
  );
  const only = agglomerations.size === 1 ? [...agglomerations][0] : undefined;
  return {
    gazetteer,
    resolve: (partner) => (partner === 'Communauté d’agglomération' && only ? only : partner),
  };
}

/**
 * The commitments stated in `passages` (one per chunk, any order of documents), each once per
 * document and partner even when overlapping chunks repeat it or cut it short. The neighbourhood
 * names come from the passages too (a table of priority neighbourhoods, if one is indexed).
 */
export function extractCommitments(passages: CommitmentSource[]): Commitment[] {
  const gazetteer = readGazetteer(passages.map((p) => p.text));
  const documents = new Map<string, CommitmentSource[]>();
  for (const passage of passages) {
    documents.set(passage.docId, [...(documents.get(passage.docId) ?? []), passage]);
  }
  return canonicalNeighbourhoods(
    [...documents.values()].flatMap((docPassages) => extractDocumentCommitments(docPassages, gazetteer)),
  );
}

/**
 * `extractCommitments` in its steps, for an index that keeps each document's result and extracts
 * again only the documents that changed: one document's commitments (its passages in order), given
 * the neighbourhood names of the whole corpus, before `canonicalNeighbourhoods` joins the spellings
 * of a name across documents.
 */
export function extractDocumentCommitments(
  docPassages: CommitmentSource[],
  gazetteer: Gazetteer,
): Commitment[] {
  const first = docPassages[0];
  if (!first || LEGAL_TITLE.test(foldLoose(first.title))) return [];
  const context = documentContext(docPassages, gazetteer);
  const kept: { commitment: Commitment; key: string }[] = [];
  const state: ReadingState = { lastPartners: [], previousSentence: '' };
  for (const passage of docPassages) {
    for (const commitment of extractFromPassage(passage, context, state)) {
      const key = foldLoose(commitment.text);
      const same = kept.filter(
        (k) => k.commitment.partner === commitment.partner && k.commitment.amount === commitment.amount,
      );
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
  return kept.map((k) => k.commitment);
}

/** `Grand rue Jean Moulin`, `Grand’rue Jean Moulin`, `Grand-Rue Jean Moulin`: one name, the first seen. */
export function canonicalNeighbourhoods(commitments: Commitment[]): Commitment[] {
  const names = new Map<string, string>();
  const key = (name: string) => foldLoose(name).replace(/[^a-z0-9]/g, '');
  for (const c of commitments) for (const n of c.neighbourhoods) if (!names.has(key(n))) names.set(key(n), n);
  return commitments.map((c) => ({
    ...c,
    neighbourhoods: [...new Set(c.neighbourhoods.map((n) => names.get(key(n)) ?? n))],
  }));
}
