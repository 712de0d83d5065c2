/**
 * How well a piece of text answers a question, without a language model: the IDF-weighted share of
 * the question's content words it contains, plus a small bonus when it holds the kind of thing asked
 * for (a date for "quand", a number for "combien"…).
 *
 * Each question word is a group of alternatives: the word itself, its correction when the documents
 * spell it otherwise ("logment" → "logement"), and the written form of an informal word or acronym
 * ("proprio" → "propriétaire", "QPV" → "quartier prioritaire"). A group is covered when any of its
 * terms is present, or a word sharing its first letters ("ramoner" / "ramonage") for partial credit.
 */
import { colloquialExpansion } from '../text/colloquial.ts';
import { analyze, analyzeWords } from '../text/french.ts';
import { memoize } from '../text/memo.ts';

export type Expectation = 'purpose' | 'definition' | 'duration' | 'date' | 'number' | 'person' | 'place';

export interface TermGroup {
  terms: string[];
  weight: number;
}

export interface QueryTerms {
  groups: TermGroup[];
  total: number;
  expects: Expectation | undefined;
  /** Share of the weight held by words the documents never use (no correction, no expansion). */
  unknownShare: number;
}

/** What a question word asks for, and what in a sentence looks like it. The first that matches wins. */
const EXPECTATIONS: { asks: RegExp; expects: Expectation }[] = [
  {
    asks: /(?<!\p{L})((sert|servent) (à|a) quoi|(à|a) quoi (ça |ca )?(sert|servent)|pourquoi faire|(quel|quels) (est|sont) (le|les) (but|objectif)s?|dans quel but)/iu,
    expects: 'purpose',
  },
  {
    asks: /(?<!\p{L})(qu['’]est[- ]ce qu|c['’]est quoi|c quoi|(ç|c)a veut dire quoi|que (signifie|veut dire|d(é|e)signe)|qu['’]entend-on|d(é|e)finition)/iu,
    expects: 'definition',
  },
  {
    asks: /\b(combien de temps|quelle dur(é|e)e|dure combien|pendant combien|(pour|sur) combien d['’](ann(é|e)es|ans))\b/i,
    expects: 'duration',
  },
  {
    asks: /\b(quand|quelle date|quelle ann[ée]e|en quelle|depuis quand|jusqu'(à|a) quand|quel jour|date)\b/i,
    expects: 'date',
  },
  {
    asks: /\b(combien|quel montant|quelle somme|quel nombre|quel budget|quelle population|nombre|montant)\b/i,
    expects: 'number',
  },
  {
    asks: /^\s*(qui|par qui|(à|a) qui)\b|\bqui (est|sont|signe|finance|paie|paye|pilote)\b/i,
    expects: 'person',
  },
  {
    asks: /\b(où|quel quartier|quels quartiers|quelle commune|quelles communes|adresse)\b/i,
    expects: 'place',
  },
];

/** Numbers written in words ("six ans", "trois mois"); "un", "une" say nothing by themselves. */
const NUMBER_WORDS =
  'deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|soixante|cent|cents|mille|millions?|milliards?';

const LOOKS_LIKE: Record<Expectation, RegExp> = {
  // "vise à", "a pour objectif", "permet de", "afin de": the sentence says what something is for.
  purpose:
    /(?<!\p{L})(vise|visent|viser|a pour (objet|objectif|but|ambition)|ont pour (objet|objectif|but)|permet|permettent|afin de|objectifs?|ambition|destinée? à|destinés à|pour (favoriser|améliorer|réduire|lutter|renforcer|soutenir|accompagner))(?!\p{L})/iu,
  // "X est un…", "on entend par X", "X désigne…": the sentence says what something is.
  definition:
    /\b(est (un|une|le|la|l')|sont (des|les)|d(é|e)signen?t?|consistent?|constituen?t?|on entend par|se d(é|e)finit|se caract(é|e)risen?t?|correspondent? (à|a)|il s['’]agit d|sont consid(é|e)r(é|e)s comme|signifie)\b/i,
  duration: new RegExp(
    `\\b(\\d+|${NUMBER_WORDS}) (ans?|ann(é|e)es|mois|semaines|jours|heures)\\b|\\bdur(é|e)e\\b`,
    'i',
  ),
  date: /\b(1[89]\d\d|20\d\d)\b|\b\d{1,2}(er)? (janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)\b/i,
  number: new RegExp(`\\d|\\b(${NUMBER_WORDS})\\b`, 'i'),
  person: /.\b\p{Lu}[\p{L}-]+/u,
  place: /\b(quartier|commune|centre|rue|avenue|place)\b|.\b\p{Lu}[\p{L}-]+/u,
};

/** Weight of having the expected kind of answer, relative to full word coverage (1). */
const EXPECTATION_BONUS = 0.15;

/**
 * Words that dress a question rather than say what it is about ("ça veut dire quoi concrètement",
 * "je voudrais savoir"): they count for little, so an informal question is not declined for them.
 */
const QUESTION_FILLER = new Set(
  analyze(
    'concrètement exactement vraiment précisément actuellement savoir connaître voudrais veux vouloir veut dire ' +
      'expliquer explique explication trouver trouve faut falloir peut pouvoir possible info infos information ' +
      'renseignement renseignements question aide aider besoin svp stp merci bonjour quoi sait genre truc chose ' +
      // "ça sert à quoi": the purpose is what is asked, not the verb.
      'sert servent servir ' +
      // Modal and light verbs: "dois-je publier" asks about publishing, "qui doit faire le ramonage"
      // about chimney sweeping.
      'dois doit doivent devoir devons devez puis peux pouvons pouvez peuvent ' +
      'faire fait font mettre met mettent aller va vont ' +
      // The resident's story around the question ("cassé depuis deux semaines", "en panne cet hiver"):
      // documents name the thing and who answers for it, not how it broke or since when.
      'cassé cassée cassés cassées casse percé percée troué trouée fuit fuite fuient bouché bouchée gelé gelée ' +
      'sauté abîmé abîmée panne marche fonctionne problème problèmes souci soucis depuis semaine semaines ' +
      'hier matin soir hiver urgent urgence vite encore gros grosse plein pleine gavé gavée ' +
      'maintenant aujourd déjà toujours trop ' +
      // Adverbs in -ment that dress a question; listed, since "logement" or "financement" end alike.
      'réellement seulement notamment également simplement directement personnellement totalement ' +
      'généralement normalement finalement forcément justement clairement rapidement',
  ),
);
/** Words the documents never use weigh, all together, at most this many times the rarest word. */
const UNKNOWN_WORDS_CAP = 1.5;
/** A filler word weighs this share of the rarest word's weight, whether the documents use it or not. */
const FILLER_SHARE = 0.1;

/** A document word sharing this many first letters with a question word is the same word in another form. */
const SHARED_PREFIX = 5;
const PREFIX_CREDIT = 0.7;

export function expectationOf(question: string): Expectation | undefined {
  return EXPECTATIONS.find((e) => e.asks.test(question))?.expects;
}

/**
 * The question's word groups and their weights. `corrections` are the lexical index's: for each
 * question term no passage contains, the document terms it searched instead (`logment` → `logement`,
 * `chofage` → `chauffage`); they count as that word. A word the documents never use, with no
 * correction or expansion, weighs as the rarest word, so that a question about something the
 * documents never mention does not look answered; several such words share a cap (see below).
 */
export function queryTerms(
  question: string,
  idf: (term: string) => number | undefined,
  maxIdf: number,
  corrections: ReadonlyMap<string, readonly string[]> = new Map(),
): QueryTerms {
  const words = analyzeWords(question);
  // A correction is never another word of the question ("jeunes" is not "Jean" in "jeunes de Saint-Jean").
  const asked = new Set(words.map((w) => w.term));
  const groups: TermGroup[] = [];
  const seen = new Set<string>();
  let compound: { parts: string[]; group: TermGroup } | undefined;
  const unknown: TermGroup[] = [];
  for (const { form, term } of words) {
    if (seen.has(term)) continue;
    seen.add(term);
    // "2015-2023" is one thing asked about, also searched as "2015" and "2023": one group, not three.
    if (compound?.parts.includes(form)) {
      compound.group.terms.push(term);
      continue;
    }
    if (QUESTION_FILLER.has(term)) {
      groups.push({ terms: [term], weight: FILLER_SHARE * maxIdf });
      continue;
    }
    const terms = [term];
    const expansion = colloquialExpansion(form);
    if (expansion) terms.push(...analyze(expansion));
    if (idf(term) === undefined) terms.push(...(corrections.get(term) ?? []).filter((c) => !asked.has(c)));
    const known = terms.map(idf).filter((w): w is number => w !== undefined);
    const group = { terms, weight: known.length > 0 ? Math.max(...known) : maxIdf };
    if (known.length === 0) unknown.push(group);
    groups.push(group);
    compound = form.includes('-') ? { parts: form.split('-'), group } : undefined;
  }
  // One unknown word may be the subject the documents never mention ("piscine"); several are more
  // often the story told around the question ("pitchoun", "gavée", "ballon"): together they weigh at
  // most UNKNOWN_WORDS_CAP rarest words.
  const cap = UNKNOWN_WORDS_CAP * maxIdf;
  if (unknown.length * maxIdf > cap) for (const g of unknown) g.weight = cap / unknown.length;
  const total = groups.reduce((sum, g) => sum + g.weight, 0);
  const unknownWeight = unknown.reduce((sum, g) => sum + g.weight, 0);
  return {
    groups,
    total,
    expects: expectationOf(question),
    unknownShare: total > 0 ? unknownWeight / total : 0,
  };
}

/** A text's analysed terms, as a list (for prefix matches) and a set (for exact ones). */
export interface TextTerms {
  list: string[];
  set: Set<string>;
}

/**
 * Texts whose analysed terms are remembered (`memo.ts`): about 2 KB a passage, less for a sentence,
 * so at most about 20 MB per answer thread (50,000 let each grow by about 100 MB at 100,000 passages).
 */
const TERMS_CACHE_LIMIT = 10_000;

export const termsOf = memoize(TERMS_CACHE_LIMIT, (text: string): TextTerms => {
  const list = analyze(text);
  return { list, set: new Set(list) };
});

/** A text read as several parts at once (a sentence with its title and heading path), or one. */
type Present = string | TextTerms | TextTerms[];

function partsOf(text: Present): TextTerms[] {
  if (typeof text === 'string') return [termsOf(text)];
  return Array.isArray(text) ? text : [text];
}

function groupCredit(group: TermGroup, parts: TextTerms[]): number {
  for (const part of parts) if (group.terms.some((t) => part.set.has(t))) return 1;
  const head = group.terms[0]!;
  if (head.length >= SHARED_PREFIX) {
    const prefix = head.slice(0, SHARED_PREFIX);
    if (parts.some((part) => part.list.some((t) => t.startsWith(prefix)))) return PREFIX_CREDIT;
  }
  return 0;
}

/**
 * The heaviest question word a text lacks entirely, as a share of the question's weight: a question
 * about the 2024 call when the documents have the 2023 one lacks "2024", one rare word, while a
 * question in other words lacks several common ones.
 */
export function heaviestMissing(query: QueryTerms, text: Present): number {
  if (query.total === 0) return 0;
  const parts = partsOf(text);
  let heaviest = 0;
  for (const group of query.groups) {
    if (groupCredit(group, parts) === 0) heaviest = Math.max(heaviest, group.weight);
  }
  return heaviest / query.total;
}

export function coverage(query: QueryTerms, text: Present): number {
  if (query.total === 0) return 0;
  const parts = partsOf(text);
  let credit = 0;
  for (const group of query.groups) credit += group.weight * groupCredit(group, parts);
  return credit / query.total;
}

/** Coverage plus the bonus for holding what was asked for (looked for in `text` alone). */
export function answerScore(
  query: QueryTerms,
  text: string,
  terms: TextTerms | TextTerms[] = termsOf(text),
): number {
  const base = coverage(query, terms);
  if (!query.expects || base === 0) return base;
  return base + (LOOKS_LIKE[query.expects].test(text) ? EXPECTATION_BONUS : 0);
}
