/**
 * The parts of a BERT `tokenizer.json` / `tokenizer_config.json` that every BERT-style WordPiece
 * tokenizer shares (special tokens, [CLS] … [SEP] template, `##` continuations), so the default
 * model and the test models differ only in vocabulary and normalizer.
 */

/** BERT's special tokens, at BERT's ids 0–4. */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const CLS_ID = 2;
const SEP_ID = 3;

export interface BertTokenizerOptions {
  /** Tokens after the special ones, in id order. */
  tokens: readonly string[];
  normalizer: object;
  /** Longer words become [UNK], as in Hugging Face tokenizers. */
  maxCharsPerWord: number;
}

export function buildBertTokenizerJson(options: BertTokenizerOptions): object {
  const vocab = [...SPECIAL_TOKENS, ...options.tokens];
  const special = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const sequence = (id: string, typeId: number) => ({ Sequence: { id, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: options.normalizer,
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), sequence('A', 0), special('[SEP]', 0)],
      pair: [
        special('[CLS]', 0),
        sequence('A', 0),
        special('[SEP]', 0),
        sequence('B', 1),
        special('[SEP]', 1),
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [CLS_ID], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [SEP_ID], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: options.maxCharsPerWord,
      vocab: Object.fromEntries(vocab.map((token, id) => [token, id])),
    },
  };
}

/** `tokenizer_config.json`: Transformers.js picks the tokenizer class and pad token from it. */
export function buildBertTokenizerConfig(modelMaxLength: number): object {
  return {
    tokenizer_class: 'BertTokenizer',
    model_max_length: modelMaxLength,
    do_lower_case: true,
    clean_up_tokenization_spaces: true,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };
}
