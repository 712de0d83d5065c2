/**
 * Question (+ conversation) → answer with numbered citations, or an honest decline that says where
 * to ask. Extractive by default; an OpenAI-compatible model rewrites the answer only when configured,
 * and the extractive answer stands whenever it fails.
 */
import type { Contact, GenerativeOptions } from '../assistant/types.ts';
import { type Passage, retrievePassages, type SearchableIndex } from '../retrieval/hybrid.ts';
import { expandColloquial, normalizeTexting } from '../text/colloquial.ts';
import { analyze } from '../text/french.ts';
import { chooseCards, relatedPassage } from './cards.ts';
import { citationFor } from './citation.ts';
import { writeQuotedAnswer } from './dated-figures.ts';
import { type Decision, decideSupport } from './decide.ts';
import { type QueryTerms, queryTerms } from './evidence.ts';
import { pickSentences, scoreSentences, withSection } from './extractive.ts';
import { searchQueryFor } from './follow-up.ts';
import { generateAnswer } from './generative.ts';
import { rerankByEvidence } from './rerank.ts';
import { smalltalkReply } from './smalltalk.ts';
import type { Answer, Citation, Turn } from './types.ts';

/** Passages retrieved for an answer: more than are cited, so sentences can be chosen among them. */
const PASSAGES_RETRIEVED = 8;
/** A typo correction counts for the answer only if one of the first passages holds it. */
const CORRECTIONS_FROM = 3;

/**
 * The index's corrections that the first passages hold: `logment` may be corrected to `logement` and
 * `lotement`; what the question is answered from says which was meant.
 */
function correctionsFound(
  corrections: ReadonlyMap<string, readonly string[]>,
  passages: Passage[],
): Map<string, string[]> {
  const held = new Set(passages.flatMap((p) => p.matched.flatMap((form) => analyze(form))));
  return new Map([...corrections].map(([term, found]) => [term, found.filter((c) => held.has(c))]));
}

export interface AnswerContext {
  searchable: SearchableIndex;
  contact: Contact;
  generative?: GenerativeOptions;
}

export interface AnswerTrace {
  query: string;
  decision?: Decision;
  passages: Passage[];
  /** Before re-ranking, with each one's best sentence coverage (for `npm run calibrate`). */
  retrieved?: { passage: Passage; sentenceCoverage: number }[];
  denseSimilarities?: number[];
  terms?: QueryTerms;
}

/**
 * What a decline says: that the documents do not answer, what the assistant does cover (an
 * off-topic question, « quelle est la météo demain ? », must learn that rewording will not help),
 * and who to ask. The contact is written out in plain words; the answer also carries it as data
 * (`Answer.contact`), which the widget makes into links.
 */
export function declineText(contact: Contact): string {
  const ways = [
    contact.url,
    contact.phone && `par téléphone au ${contact.phone}`,
    contact.email && `par courriel à ${contact.email}`,
  ].filter(Boolean);
  const reach = ways.length > 1 ? `${ways.slice(0, -1).join(', ')} ou ${ways.at(-1)}` : (ways[0] ?? '');
  return (
    "Je n'ai pas trouvé la réponse dans les documents dont je dispose, et je préfère ne pas l'inventer. " +
    'Je réponds seulement aux questions sur le Contrat de ville, à partir de ses documents publics : les ' +
    "quartiers prioritaires, la rénovation urbaine, le logement, l'emploi, l'éducation et les appels à projets. " +
    "Si votre question porte sur ces sujets, essayez avec d'autres mots. " +
    `Sinon, vous pouvez la poser à une personne : ${contact.name}${reach ? `, ${reach}` : ''}.`
  );
}

export async function answerQuestion(
  context: AnswerContext,
  question: string,
  history: Turn[] = [],
  trace?: (t: AnswerTrace) => void,
): Promise<Answer> {
  // "c koi", "cb ça coûte": texting spellings written out before anything reads the question.
  const asked = normalizeTexting(question);
  const reply = smalltalkReply(asked);
  if (reply) return { answer: reply, declined: false, kind: 'smalltalk', citations: [], related: [] };

  const { searchable } = context;
  const query = searchQueryFor(
    asked,
    history.map((turn) => ({ ...turn, question: normalizeTexting(turn.question) })),
  );
  // Informal words and acronyms are searched with their written forms too.
  const searched = expandColloquial(query);
  const {
    passages: retrieved,
    semantic,
    denseSimilarities,
    queryVector,
  } = await retrievePassages(searchable, searched, {
    k: PASSAGES_RETRIEVED,
  });
  const { lexical } = searchable.index;
  const terms = queryTerms(
    query,
    (term) => lexical.idfOf(term),
    lexical.maxIdf(),
    correctionsFound(lexical.correctionsOf(searched), retrieved.slice(0, CORRECTIONS_FROM)),
  );
  const sentences = scoreSentences(terms, retrieved, queryVector);
  const mode = semantic ? 'semantic' : 'lexical';
  const { passages, scored } = rerankByEvidence(retrieved, sentences, mode);
  const decision = decideSupport(terms, passages, scored, mode);
  trace?.({
    query,
    decision,
    passages,
    terms,
    denseSimilarities,
    retrieved: retrieved.map((passage, i) => ({
      passage,
      sentenceCoverage: Math.max(0, ...sentences.filter((s) => s.passage === i).map((s) => s.coverage)),
    })),
  });
  if (!decision.answer) {
    const related = relatedPassage(decision);
    return {
      answer: declineText(context.contact),
      declined: true,
      kind: 'declined',
      citations: [],
      related: related === undefined ? [] : [citationFor(passages[related]!, 1)],
      contact: context.contact,
    };
  }

  const picked = pickSentences(scored);
  const order = chooseCards(
    terms,
    passages,
    picked.map((s) => s.passage),
  );
  const citations: Citation[] = order.map((p, i) => citationFor(passages[p]!, i + 1));
  const numberOf = (passage: number) => order.indexOf(passage) + 1;
  // Figures from documents of different dates come most recent first, each with its date.
  const extractive = writeQuotedAnswer(
    picked.map((s) => ({
      text: withSection(s.text, passages[s.passage]!),
      n: numberOf(s.passage),
      date: passages[s.passage]!.doc.meta.date,
    })),
    terms.expects === 'number',
  );

  if (context.generative) {
    const generated = await generateAnswer(context.generative, question, history, citations);
    if (generated)
      return {
        answer: generated.text,
        declined: false,
        kind: 'answer',
        citations: generated.citations,
        related: [],
      };
  }
  return { answer: extractive, declined: false, kind: 'answer', citations, related: [] };
}
