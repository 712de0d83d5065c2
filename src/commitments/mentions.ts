/**
 * The grammar of one sentence: who commits (the subject of a verb of funding or commitment, the agent
 * of a passive, the source of a sum, a role in brackets, the partners of a coordination whose verb is
 * left out) and which sum goes with whom. Rules on folded text; `extract.ts` walks the passages.
 */
import { type Amount, findAmounts } from './amounts.ts';
import { foldLoose, foldWithOrigin } from './fold.ts';
import { findPartners, looksLikeOrganisation, normalizePartner } from './partners.ts';

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
      'rehabilit',
      'renov',
      'amenag',
      'recrut',
      'cre',
    ],
    'era|eront|erait|eraient',
  ),
  String.raw`\b(?:poursuivr|maintiendr|construir)(?:a|ont)\b`,
  String.raw`\bmettr(?:a|ont) en (?:oeuvre|place)\b`,
  String.raw`\bveiller(?:a|ont) (?:a|au|aux)\b`,
  String.raw`\bs'attacher(?:a|ont) a\b`,
];
export const COMMITMENT_VERB = new RegExp([...STRONG_VERBS, ...FUTURE_VERBS].join('|'), 'g');
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
const PREPOSITION =
  /^(?:a|au|aux|dans|pour|en|par|sur|avec|de|du|des|d'|selon|sous|apres|avant|lors|afin|aupres|entre|chez|grace|face|depuis)\b/;
const PRONOUN =
  /^(?:il|elle|ils|elles|celui-ci|celle-ci|ceux-ci|celles-ci|ce dernier|cette derniere|ces derniers|chacun|chacune|chacun d'eux)$/;
const LEADING_LINKS =
  /^(?:et|ainsi|aussi|enfin|de plus|en outre|par ailleurs|pour sa part|pour leur part|plus globalement|quant a (?:lui|elle|eux)|de son cote|de leur cote|egalement|notamment)\s+/;

/** A partner committing in a sentence: at `at`, with the sum it brings when the grammar binds one. */
export interface Mention {
  partners: string[];
  at: number;
  amount?: Amount | null;
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
export function subjectPartners(sentence: string, verbAt: number, lastPartners: string[] = []): string[] {
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
export function sentenceMentions(sentence: string, lastPartners: string[]): Mention[] {
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
