/**
 * The default model's tokenizer, written as a Hugging Face `tokenizer.json` so Transformers.js (and
 * the Rust/Python `tokenizers`) run it unchanged. The normalizer does the French-specific work —
 * lowercase, strip accents, drop elisions (l', qu'…), punctuation and stop words — then WordPiece
 * splits each word into characters: the first as a word-start token (`l`), the rest as
 * continuations (`##o`). The ONNX graph rebuilds the word's character n-grams from that split.
 */
import { buildBertTokenizerConfig, buildBertTokenizerJson, SPECIAL_TOKENS } from '../bert-tokenizer.ts';
import { MAX_TOKENS } from './config.ts';

/** Every character that survives normalization; anything else became a space. */
export const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Elided articles and pronouns, removed with their apostrophe: `l'habitat` → `habitat`. */
const ELISIONS = ['l', 'd', 'qu', 'n', 's', 'j', 'c', 'm', 't', 'jusqu', 'lorsqu', 'puisqu'];

/**
 * Words that carry no topic, written without accents (the normalizer strips them first). Questions
 * are full of them (« quels sont les… ») and passages too, so left in they would make any question
 * look like any passage.
 */
export const FRENCH_STOP_WORDS = [
  // articles, prepositions, conjunctions
  'le la les un une des du de au aux a en dans par pour sur sous avec sans chez vers entre',
  'et ou mais donc or ni car si comme que qui quoi dont ne pas y',
  // pronouns, determiners
  'je tu il elle on nous vous ils elles me te se lui leur leurs moi toi ce cet cette ces ceci cela ca',
  'mon ma mes ton ta tes son sa ses notre nos votre vos tout tous toute toutes',
  // forms of être / avoir, question words
  'est sont etre etait etaient sera seront ai as avons avez ont avait',
  'quel quelle quels quelles comment pourquoi quand peut faut',
]
  .join(' ')
  .split(' ');

/** Word-start tokens (`a`), then continuation tokens (`##a`), after the special tokens. */
const TOKENS = [...ALPHABET, ...[...ALPHABET].map((ch) => `##${ch}`)];

/** Token → id, as in the tokenizer.json vocabulary. */
export function buildVocab(): Record<string, number> {
  return Object.fromEntries([...SPECIAL_TOKENS, ...TOKENS].map((token, id) => [token, id]));
}

export function buildTokenizerJson(): object {
  const replace = (regex: string, content: string) => ({
    type: 'Replace',
    pattern: { Regex: regex },
    content,
  });
  const normalizer = {
    type: 'Sequence',
    normalizers: [
      { type: 'Lowercase' },
      { type: 'NFD' },
      { type: 'StripAccents' },
      replace('œ', 'oe'),
      replace('æ', 'ae'),
      replace(`\\b(?:${ELISIONS.join('|')})['’]`, ''),
      replace('[^a-z0-9]+', ' '),
      replace(`\\b(?:${FRENCH_STOP_WORDS.join('|')})\\b`, ' '),
    ],
  };
  return buildBertTokenizerJson({ tokens: TOKENS, normalizer, maxCharsPerWord: MAX_TOKENS });
}

export function buildTokenizerConfig(): object {
  return buildBertTokenizerConfig(MAX_TOKENS);
}
