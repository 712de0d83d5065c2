/**
 * Residents write as they speak: "proprio", "appart", "agglo", "c quoi", and the acronyms of urban
 * policy ("QPV", "NPNRU") that documents often spell out. Questions are completed with the written
 * forms before searching, so both the informal and the formal word can match. This is French
 * usage and the vocabulary of the politique de la ville in general, not of one document.
 *
 * Texting spellings of the small words ("koi", "kan", "cb", "ds") are different: they are rewritten
 * in place before anything reads the question, since they decide what is asked ("kan" asks for a
 * date) and, left as they are, look like words the documents never use.
 */
import { foldText } from './french.ts';

/** Informal or abbreviated form (folded, whole word) → what documents write. */
const EXPANSIONS: Record<string, string> = {
  proprio: 'propriétaire bailleur',
  proprios: 'propriétaires bailleurs',
  appart: 'appartement',
  apparts: 'appartements',
  agglo: 'agglomération',
  dept: 'département',
  hlm: 'logement social bailleur social',
  apl: 'aide personnalisée au logement',
  caf: "caisse d'allocations familiales",
  qpv: 'quartier prioritaire politique de la ville',
  qp: 'quartier prioritaire',
  npnru: 'nouveau programme national de renouvellement urbain',
  pnru: 'programme national de renouvellement urbain',
  anru: 'agence nationale pour la rénovation urbaine',
  anah: "agence nationale de l'habitat",
  anct: 'agence nationale de la cohésion des territoires',
  gip: "groupement d'intérêt public",
  epci: 'établissement public de coopération intercommunale',
  tfpb: 'taxe foncière sur les propriétés bâties abattement',
  crte: 'contrat de relance et de transition écologique',
  rep: "réseau d'éducation prioritaire",
  boulot: 'emploi travail',
  taf: 'emploi travail',
  bahut: 'collège lycée',
  flics: 'police',
  keufs: 'police',
  thune: 'argent financement',
  fric: 'argent financement',
  rdv: 'rendez-vous',
  // Official texts say "crise sanitaire" for what everyone calls "le covid" (held-out residents'
  // set with e5: hit@1 0.644 without it, 0.667 with it).
  covid: 'crise sanitaire pandémie',
  // Guides write "remplacer" where people say "changer" (« changer le chauffe-eau »). Measured on the
  // held-out sets with the built-in model (2026-12): without it, hit@1 0.857 → 0.810 and 0.511 → 0.489.
  changer: 'remplacer remplacement',
  change: 'remplacer remplacement',
  asso: 'association',
  assos: 'associations',
};

/** Texting spelling (folded, whole word) → the word it stands for. Only unambiguous ones. */
const TEXTING: Record<string, string> = {
  koi: 'quoi',
  kwa: 'quoi',
  ki: 'qui',
  kan: 'quand',
  qd: 'quand',
  kand: 'quand',
  pk: 'pourquoi',
  pq: 'pourquoi',
  pkoi: 'pourquoi',
  pourkoi: 'pourquoi',
  cb: 'combien',
  cbien: 'combien',
  kombien: 'combien',
  cmt: 'comment',
  komen: 'comment',
  koman: 'comment',
  kel: 'quel',
  kels: 'quels',
  kelle: 'quelle',
  kelles: 'quelles',
  keske: "qu'est-ce que",
  kesk: "qu'est-ce que",
  ds: 'dans',
  pr: 'pour',
  avc: 'avec',
  tt: 'tout',
  tte: 'toute',
  tts: 'tous',
  bcp: 'beaucoup',
  qqn: "quelqu'un",
  qqch: 'quelque chose',
  jsp: 'je ne sais pas',
  chui: 'je suis',
  chuis: 'je suis',
  jai: "j'ai",
  jy: "j'y",
  jen: "j'en",
  cest: "c'est",
  quil: "qu'il",
  quils: "qu'ils",
  sil: "s'il",
  sils: "s'ils",
  ny: "n'y",
  ya: 'il y a',
  mci: 'merci',
  mrc: 'merci',
  slt: 'salut',
  bjr: 'bonjour',
};

const WORD = /[\p{L}\p{N}]+/gu;

/** The question with texting spellings written out ("c koi" → "c quoi", "cb ça coûte" → "combien ça coûte"). */
export function normalizeTexting(question: string): string {
  return question.replace(WORD, (word) => {
    const folded = foldText(word);
    return Object.hasOwn(TEXTING, folded) ? TEXTING[folded]! : word;
  });
}

/** What documents write for one informal word or acronym, if it is one. */
export function colloquialExpansion(word: string): string | undefined {
  const folded = foldText(word);
  return Object.hasOwn(EXPANSIONS, folded) ? EXPANSIONS[folded] : undefined;
}

/** The question with the written forms of its informal words and acronyms appended. */
export function expandColloquial(question: string): string {
  const additions: string[] = [];
  for (const [word] of question.matchAll(WORD)) {
    const expansion = colloquialExpansion(word);
    if (expansion && !additions.includes(expansion)) additions.push(expansion);
  }
  return additions.length > 0 ? `${question} ${additions.join(' ')}` : question;
}
