/**
 * French stop words, in folded form (lowercase, no accents), as `foldText` produces them.
 *
 * Only grammatical words are here: articles, pronouns, forms of the auxiliaries être and avoir,
 * prepositions, conjunctions, negation and the question words people start a question with. Content
 * words that carry meaning in public documents (`ville`, `quartier`, `contrat`, `bien`, `loi`…) are kept
 * on purpose, even when they are frequent: a question about "la ville" must still match on it.
 * Folding merges a few pairs (`ou`/`où`, `a`/`à`, `sur`/`sûr`, `du`/`dû`): both sides are grammatical.
 */

/** Lists are written as space-separated words to stay readable at a glance. */
const words = (list: string): string[] => list.trim().split(/\s+/);

const ARTICLES_AND_DETERMINERS = words(`
  le la les l un une des du de d au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre
  nos votre vos leur leurs quelque quelques chaque
`);

const PRONOUNS = words(`
  je j tu il ils elle elles on nous vous me m te t se s moi toi lui eux soi y en qui que qu dont
  lequel laquelle lesquels lesquelles duquel desquels desquelles auquel auxquels auxquelles celui
  celle ceux celles ceci cela ca c quelqu'un
`);

const PREPOSITIONS = words(`
  a dans par pour sur sous avec sans chez entre vers contre depuis pendant avant apres selon jusqu
  jusque parmi
`);

const CONJUNCTIONS_AND_ADVERBS = words(`
  et ou mais donc ni car si comme lorsque lorsqu puisque puisqu ne n pas plus moins tres aussi
  ainsi alors encore deja meme tout tous toute toutes
`);

/** Conjugated forms of être and avoir: auxiliaries, they say nothing about the subject. */
const AUXILIARIES = words(`
  etre suis es est sommes etes sont etais etait etions etiez etaient ete etee etees etes etant fus
  fut fumes futes furent sois soit soyons soyez soient fusse fusses fussent serai seras sera
  serons serez seront serais serait serions seriez seraient avoir ai as avons avez ont avais avait
  avions aviez avaient eu eue eues eus eut eumes eutes eurent aie aies ait ayons ayez aient eusse
  eusses eussent aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient ayant
`);

/** What a question starts with; `est-ce` is tokenized into `est` and `ce`, both above. */
const QUESTION_WORDS = words(`
  quoi quel quelle quels quelles comment pourquoi combien quand
`);

export const FRENCH_STOP_WORDS: ReadonlySet<string> = new Set([
  ...ARTICLES_AND_DETERMINERS,
  ...PRONOUNS,
  ...PREPOSITIONS,
  ...CONJUNCTIONS_AND_ADVERBS,
  ...AUXILIARIES,
  ...QUESTION_WORDS,
]);
