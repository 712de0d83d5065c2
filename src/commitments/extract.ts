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
import { type Amount, findAmounts } from './amounts.ts';
import { findDate, yearOf } from './dates.ts';
import { foldLoose, foldWithOrigin } from './fold.ts';
import { findNeighbourhoods, type Gazetteer, readGazetteer } from './neighbourhoods.ts';
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
  /** The document's date (`2024-05-17`, `2020`): the year of a commitment whose sentence gives none. */
  date?: string;
}

const FIRST_GROUP = (stems: string[], endings: string) =>
  String.raw`\b(?:${stems.join('|')})(?:${endings})\b`;
/** Verbs that commit whatever their tense (`débloque`, `a signé`, `financera`), on folded text. */
const STRONG_VERBS = [
  FIRST_GROUP(
    [
      '(?:co-?)?financ',
      'apport',
      'vers',
      'attribu',
      'accord',
      'allou',
      'debloqu',
      'consacr',
      'subventionn',
      'sign',
      'paraph',
      'mobilis',
    ],
    'e|ent|era|eront|erait|eraient',
  ),
  String.raw`\binvesti(?:t|ssent|ra|ront|rait|raient)?\b`,
  String.raw`\b(?:soutien(?:t|nent)|soutiendr(?:a|ont|ait|aient)|(?:a|ont) soutenu)\b`,
  String.raw`\b(?:prend|prennent|prendra|prendront|(?:a|ont) pris) en charge\b`,
  String.raw`\bport(?:e|ent|era|eront) (?:le|ce|un|son|leur|les|ces) (?:projets?|programmes?|dispositifs?)\b`,
  String.raw`\bs'(?:y )?engag(?:e|ent|era|eront|erait|eraient)\b`,
  String.raw`(?:s'est|se sont) engage(?:e|s|es)?\b`,
  String.raw`\bprend(?:ra|ront|)? l'engagement\b`,
  String.raw`\b(?:a|ont|avait|avaient) (?:confirme|vote|valide|annonce|acte|decide) (?:l'attribution|l'octroi|le versement|une aide|une subvention|un financement|une enveloppe)\b`,
];
/** Verbs that commit only in the future (`accompagnera`); in the present they describe (`participent`). */
const FUTURE_VERBS = [
  FIRST_GROUP(
    [
      'contribu',
      'particip',
      'accompagn',
      'assur',
      'renforc',
      'developp',
      'reserv',
      'facilit',
      'anim',
      'pilot',
      'coordonn',
      'propos',
      'garant',
      'deploi',
      'deploy',
      'realis',
    ],
    'era|eront|erait|eraient',
  ),
  String.raw`\b(?:poursuivr|maintiendr|construir)(?:a|ont)\b`,
  String.raw`\bmettr(?:a|ont) en (?:oeuvre|place)\b`,
  String.raw`\bveiller(?:a|ont) (?:a|au|aux)\b`,
  String.raw`\bs'attacher(?:a|ont) a\b`,
];
const COMMITMENT_VERB = new RegExp([...STRONG_VERBS, ...FUTURE_VERBS].join('|'), 'g');
/** `Au titre de ses engagements, la CAF …`: a commitment whatever the verb. */
const COMMITMENT_MARKER = /\bau titre de (?:ses|leurs) engagements\b/;
/** `co-financés par le Conseil départemental`, `lancé par l'ensemble des partenaires`. */
const PASSIVE_AGENT =
  /\b(?:(?:co-?)?(?:financ|mandat|apport|lanc|port|pilot|sign|attribu|accord|vers|allou|debloqu|subventionn|mobilis|realis|assur)(?:e|es|ee|ees)|soutenue?s?|construite?s?|investie?s?|prise?s? en charge|mise?s? en (?:oeuvre|place)) par /g;
/** `252 logements en reconstitution de l'offre par le bailleur social Logis Cévenols`. */
const ACTION_AGENT =
  /\b(?:construction|reconstitution|rehabilitation|renovation|realisation|financement|cofinancement|prise en charge|mise en oeuvre|portage|pilotage)\b[^.;:]{0,40}? par /g;
/** `avec le soutien de la Région`, `avec la participation financière de la CAF`, `à la charge de l'État`. */
const SUPPORT_OF =
  /\b(?:avec|grace a|grace au) (?:le |l'|la )?(?:soutien|concours|participation|aide|appui)(?: financiere?)? (?:de l'|de la |du |des |de |d')|\ba la charge (?:de l'|de la |du |des |de |d')/g;
/** Where an agent phrase after `par` ends. */
const AGENT_END =
  /[.;:!?]| (?:pour|afin|a hauteur|qui|dans|lors|en faveur|au titre|aupres|au profit|au benefice|sur la|sur le)\b/;
/** After a sum: `de subventions de l'État`, `d'euros de l'ANAH`, `de la part de l'ANRU`. */
const SUM_SOURCE =
  /^\s*(?:de (?:subventions?|credits?|financements?|aides?|dotations?|fonds)\s+)?(?:de la part\s+)?(?:de l'|de la |du |des |d'|de )/;
/** `Alès Agglomération (porteur de projet)`. */
const ROLE = /^\s*\((?:porteur|pilote|maitre d'ouvrage|financeur|chef de file)\b/;
/** `Engagements de l'État`, `2.3 Les engagements du Département`. */
const ENGAGEMENT_HEADING =
  /^(?:[\divx]+(?:[.)°-]\d*)*\s*[-–.)]?\s*)?(?:les\s+)?(engagements?)\s+(?:de la |de l'|du |des |de |d')\s*(.+?)\s*:?$/;
/** Legal texts define what contracts contain; they commit nobody. */
const LEGAL_TITLE = /^(?:loi|decret|arrete|ordonnance|circulaire|code|reglement)\b/;
const LEGAL_SENTENCE =
  /\b(?:la presente loi|du present decret|present article|present code|presente ordonnance)\b/;
/** `le comité d'engagement de l'ANRU a examiné`: a body's name, not a commitment. */
const NOT_A_COMMITMENT = /\bcomite d'engagement\b/;
const PREPOSITION =
  /^(?:a|au|aux|dans|pour|en|par|sur|avec|de|du|des|d'|selon|sous|apres|avant|lors|afin|aupres|entre|chez|grace|face|depuis)\b/;
const PRONOUN =
  /^(?:il|elle|ils|elles|celui-ci|celle-ci|ceux-ci|celles-ci|ce dernier|cette derniere|ces derniers|chacun|chacune|chacun d'eux)$/;
const LEADING_LINKS =
  /^(?:et|ainsi|aussi|enfin|de plus|en outre|par ailleurs|pour sa part|pour leur part|plus globalement|quant a (?:lui|elle|eux)|de son cote|de leur cote|egalement|notamment)\s+/;
const GENERIC_PARTIES = /^(?:les |l'ensemble des |tous les )?(?:partenaires|signataires|acteurs|parties)\b/;
/** A sentence that refers back to the project the sentence before described (and its neighbourhoods). */
const REFERS_BACK = /\b(?:projet|programme|avenant|convention|npnru|ces quartiers|ces secteurs)\b/;
const MIN_WORDS = 3;

interface Section {
  partner: string;
}

/** A partner committing in a sentence: at `at`, with the sum it brings when the grammar binds one. */
interface Mention {
  partners: string[];
  at: number;
  amount?: Amount | null;
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

/** Clause boundaries (`,;:`) outside parentheses, so `les partenaires (État, Région…)` stays whole. */
function clauses(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[,;:]/.test(c)) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** The partners named in a phrase; `les partenaires (État, Région)` names the ones in brackets. */
function partnersIn(phrase: string): string[] {
  const named = findPartners(phrase).map((p) => p.name);
  const specific = named.filter((name) => name !== 'Signataires');
  return specific.length > 0 ? specific : named;
}

/** The partners that are the subject of a verb starting at `verbAt` in `sentence` (none found: []). */
function subjectPartners(sentence: string, verbAt: number, lastPartners: string[] = []): string[] {
  const segments = clauses(sentence.slice(0, verbAt));
  for (let i = segments.length - 1; i >= 0; i--) {
    const raw = (segments[i] ?? '')
      .trim()
      .replace(/\s+qui$|^qui$/i, '')
      .trim();
    const folded = foldLoose(raw).replace(LEADING_LINKS, '');
    if (!folded || folded === 'qui') continue;
    if (PREPOSITION.test(folded)) continue;
    if (PRONOUN.test(folded)) return lastPartners;
    const known = partnersIn(raw);
    if (known.length > 0) return known;
    const phrase = raw.replace(/^(?:et|ainsi|aussi|enfin|de plus|en outre|par ailleurs)\s+/i, '');
    if (looksLikeOrganisation(phrase)) return [normalizePartner(phrase) ?? phrase];
    return [];
  }
  return [];
}

/** The partners of an agent phrase starting at `from` (`par l'État, le Département…`). */
function agentPartners(sentence: string, folded: string, origin: number[], from: number): string[] {
  const rest = folded.slice(from);
  const end = AGENT_END.exec(rest);
  const phrase = sentence.slice(
    origin[from] ?? 0,
    origin[from + (end ? end.index : rest.length)] ?? sentence.length,
  );
  const known = partnersIn(phrase);
  if (known.length > 0) return known;
  const trimmed = phrase.trim();
  if (trimmed.split(/\s+/).length <= 6 && looksLikeOrganisation(trimmed))
    return [normalizePartner(trimmed) ?? trimmed];
  return [];
}

/** `…investissent 81,6 M€, la commune d'Alès 6,5 M€ et Alès Agglomération 22,3 M€`: the same verb for each. */
function gappedMentions(sentence: string, after: Amount, amounts: Amount[]): Mention[] {
  const mentions: Mention[] = [];
  let previous = after;
  for (const amount of amounts.filter((a) => a.start > after.start)) {
    const between = sentence.slice(previous.end, amount.start);
    const link = /^\s*(?:,\s*et|,|et)\s+(.{2,80}?)\s*$/u.exec(between);
    const phrase = link?.[1];
    if (!phrase || /[;:.]/.test(phrase)) break;
    const partners = partnersIn(phrase);
    if (partners.length === 0) break;
    mentions.push({ partners, at: previous.end, amount });
    previous = amount;
  }
  return mentions;
}

/** What a sentence commits, partner by partner, with the sums bound to each. */
function sentenceMentions(sentence: string, lastPartners: string[]): Mention[] {
  const { folded, origin } = foldWithOrigin(sentence);
  const amounts = findAmounts(sentence);
  const mentions: Mention[] = [];
  const at = (i: number) => origin[i] ?? sentence.length;

  for (const verb of folded.matchAll(COMMITMENT_VERB)) {
    const partners = subjectPartners(sentence, at(verb.index), lastPartners);
    if (partners.length === 0) continue;
    const mention: Mention = { partners, at: at(verb.index) };
    mentions.push(mention);
    const next = amounts.find((a) => a.start >= at(verb.index + verb[0].length));
    if (next && !/[;.]/.test(sentence.slice(at(verb.index), next.start))) {
      mention.amount = next;
      mentions.push(...gappedMentions(sentence, next, amounts));
    }
  }
  const marker = COMMITMENT_MARKER.exec(folded);
  if (marker) {
    const after = findPartners(sentence.slice(at(marker.index + marker[0].length)))[0];
    if (after) mentions.push({ partners: [after.name], at: at(marker.index) });
  }
  for (const pattern of [PASSIVE_AGENT, ACTION_AGENT, SUPPORT_OF]) {
    for (const match of folded.matchAll(pattern)) {
      const partners = agentPartners(sentence, folded, origin, match.index + match[0].length);
      if (partners.length > 0) mentions.push({ partners, at: at(match.index) });
    }
  }
  for (const amount of amounts) {
    const rest = foldLoose(sentence.slice(amount.end, amount.end + 120));
    const source = SUM_SOURCE.exec(rest);
    if (!source) continue;
    const first = findPartners(sentence.slice(amount.end, amount.end + 120))[0];
    const lead = first ? foldLoose(sentence.slice(amount.end, first.index + amount.end)) : '';
    if (first && lead.length <= source[0].trim().length + 1) {
      mentions.push({ partners: [first.name], at: amount.start, amount });
    }
  }
  for (const partner of findPartners(sentence)) {
    if (ROLE.test(foldLoose(sentence.slice(partner.end)).replace(/^/, ' ').slice(0, 40))) {
      mentions.push({ partners: [partner.name], at: partner.index, amount: null });
    }
  }
  bindAmounts(mentions, amounts, sentence);
  return mentions.sort((a, b) => a.at - b.at);
}

/**
 * A mention without a sum takes the first free one after it (before the next mention), else the
 * nearest free one before it: `15 M€ : le coût pour l'Agglo et la Ville qui portent le projet`. A share
 * in between (`179 M€, dont 35 % sont apportés par l'ANRU`) means the sum is not that partner's.
 */
function bindAmounts(mentions: Mention[], amounts: Amount[], sentence: string): void {
  const bound = new Set(mentions.flatMap((m) => (m.amount ? [m.amount.start] : [])));
  const ordered = [...mentions].sort((a, b) => a.at - b.at);
  for (const [i, mention] of ordered.entries()) {
    if (mention.amount !== undefined) continue;
    const nextAt = ordered[i + 1]?.at ?? sentence.length;
    const previousAt = ordered[i - 1]?.at ?? 0;
    const free = amounts.filter((a) => !bound.has(a.start));
    const after = free.find((a) => a.start >= mention.at && a.start < nextAt);
    const before = free.filter((a) => a.end <= mention.at && a.start >= previousAt).pop();
    const chosen =
      after ?? (before && !/%|pour ?cent/.test(sentence.slice(before.end, mention.at)) ? before : undefined);
    mention.amount = chosen ?? null;
    if (chosen) bound.add(chosen.start);
  }
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
    const seen = new Set<string>();
    for (const mention of mentions) {
      for (const raw of mention.partners) {
        const partner = context.resolve(raw);
        const key = `${partner}|${mention.amount?.value ?? ''}`;
        if (seen.has(partner) || seen.has(key)) continue;
        seen.add(partner);
        seen.add(key);
        found.push({
          partner,
          theme: classifyTheme(text, headingContext),
          ...(mention.amount ? { amount: mention.amount.value } : {}),
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
    if (LEGAL_TITLE.test(foldLoose(passage.title))) continue;
    documents.set(passage.docId, [...(documents.get(passage.docId) ?? []), passage]);
  }
  const all: Commitment[] = [];
  for (const docPassages of documents.values()) {
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
    all.push(...kept.map((k) => k.commitment));
  }
  return canonicalNeighbourhoods(all);
}

/** `Grand rue Jean Moulin`, `Grand’rue Jean Moulin`, `Grand-Rue Jean Moulin`: one name, the first seen. */
function canonicalNeighbourhoods(commitments: Commitment[]): Commitment[] {
  const names = new Map<string, string>();
  const key = (name: string) => foldLoose(name).replace(/[^a-z0-9]/g, '');
  for (const c of commitments) for (const n of c.neighbourhoods) if (!names.has(key(n))) names.set(key(n), n);
  return commitments.map((c) => ({
    ...c,
    neighbourhoods: [...new Set(c.neighbourhoods.map((n) => names.get(key(n)) ?? n))],
  }));
}
