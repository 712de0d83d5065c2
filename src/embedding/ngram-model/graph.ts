/**
 * The default model's ONNX graph: a subword random-projection embedding. For every character token
 * it rebuilds the character n-grams of its word that end there (word start `^` and end `$` included,
 * known from whether neighbours are `##` continuations), hashes each into a fixed table of random
 * ±1 rows, and sums the rows; the graph then mean-pools over the text and L2-normalises, so a text's
 * vector is a random projection of its bag of n-grams: typos and missing accents change few n-grams
 * and so move the vector little. No training, no corpus: the table comes from a seed.
 *
 * Pooling is in the graph (since MODEL_VERSION 2) rather than left to Transformers.js: its mean
 * pooling loops over every token's vector in JavaScript and the [batch, sequence, 256] tensor it needs
 * is copied out of onnxruntime for every batch — together half of ingestion's time (JS loop 30 %,
 * garbage collection 21 %). The graph never builds that tensor: it sums the gathered rows over the
 * text at once and returns one [batch, 256] vector per text.
 */
import { GraphBuilder, int64Scalar, int64s, type Tensor, tensor } from '../onnx/graph-builder.ts';
import { randomFloats, randomSigns } from '../onnx/random.ts';
import { DIMENSIONS, EMPTY_TEXT_WEIGHT, MODEL_VERSION, NGRAMS, TABLE_SEED } from './config.ts';
import { ALPHABET, buildVocab } from './tokenizer.ts';

/** Character codes: 0 for "not a character", 1..K for the alphabet, then the two word markers. */
const BEGIN = ALPHABET.length + 1;
const END = ALPHABET.length + 2;
/** Base for packing an n-gram's codes into one integer key (39^5 for a closed 4-gram: far from int64's limit). */
const BASE = ALPHABET.length + 3;

/**
 * Multiplicative hash modulo a Mersenne prime: keys are distinct integers below P, so `key * M mod P`
 * permutes them before the final modulo spreads them over the table. Products stay below 2^58, inside int64.
 */
const HASH_PRIME = 2_147_483_647;
const HASH_MULTIPLIER = 1_597_334_677;

const LONGEST = Math.max(...NGRAMS.map(({ length }) => length));

/** ONNX TensorProto.DataType codes, for Cast's `to`. */
const FLOAT = 1;
const INT64 = 7;

/** Largest int64, as ONNX Slice's "to the end". */
const TO_END = Number.MAX_SAFE_INTEGER;

export interface NgramGraphOptions {
  /**
   * `tokens`: one vector per token (`last_hidden_state`), for Transformers.js to pool in JavaScript
   * as MODEL_VERSION 1 did — kept as the reference the pooled graph is tested against.
   */
  output?: 'sentence' | 'tokens';
}

export function buildNgramGraph({ output = 'sentence' }: NgramGraphOptions = {}): Uint8Array {
  const g = new GraphBuilder('citadoc_ngram_fr');
  const inputIds = g.input('input_ids', 'int64', ['batch', 'sequence']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch', 'sequence']);
  // Declared because BERT-type models receive it; n-grams have no use for segments.
  g.input('token_type_ids', 'int64', ['batch', 'sequence']);

  const tables = tokenTables();
  const lookup = (table: Tensor) => g.node('Gather', [g.initializer(table), inputIds], { axis: { int: 0 } });
  const mul = (a: string, b: string) => g.node('Mul', [a, b]);
  const add = (a: string, b: string) => g.node('Add', [a, b]);
  const sub = (a: string, b: string) => g.node('Sub', [a, b]);
  const constant = (value: number) => g.initializer(int64Scalar(value));
  const slice = (x: string, start: number, end: number) =>
    g.node('Slice', [
      x,
      g.initializer(int64s([start])),
      g.initializer(int64s([end])),
      g.initializer(int64s([1])),
    ]);
  /** x shifted k positions right along the sequence (x[i - k]), zeros entering on the left. */
  const previous = (x: string, k: number) =>
    slice(g.node('Pad', [x, g.initializer(int64s([0, k, 0, 0]))]), 0, -k);
  /** x[i + 1], a zero entering on the right. */
  const next = (x: string) => slice(g.node('Pad', [x, g.initializer(int64s([0, 0, 0, 1]))]), 1, TO_END);

  const char = lookup(tables.char);
  const continuation = lookup(tables.continuation);
  const isChar = mul(lookup(tables.isChar), attentionMask);

  // inWord[k] = 1 when positions i-k..i are all characters of one word.
  const inWord = [isChar];
  for (let k = 1; k < LONGEST; k++) {
    inWord.push(mul(inWord[k - 1]!, k === 1 ? continuation : previous(continuation, k - 1)));
  }
  // codes[k]: the augmented word's character k places before i — a letter, `^`, or 0 beyond it.
  const codes = [char];
  for (let k = 1; k < LONGEST; k++) {
    const letter = mul(inWord[k]!, previous(char, k));
    const wordStart = mul(sub(inWord[k - 1]!, inWord[k]!), constant(BEGIN));
    codes.push(add(letter, wordStart));
  }
  // keys[n]: the n-gram ending at i packed base BASE, last character in the lowest digit.
  const keys: string[] = [codes[0]!];
  for (let n = 2; n <= LONGEST; n++)
    keys.push(add(keys[n - 2]!, mul(codes[n - 1]!, constant(BASE ** (n - 1)))));
  const wordEnd = mul(isChar, sub(constant(1), next(continuation)));

  const { table, regionStarts } = ngramTable();
  const rowOf = (key: string, valid: string, region: number, buckets: number) => {
    const hashed = g.node('Mod', [mul(key, constant(HASH_MULTIPLIER)), constant(HASH_PRIME)]);
    const row = add(constant(region), g.node('Mod', [hashed, constant(buckets)]));
    // Row 0 of the table is zeros: invalid n-grams (beyond the word start, padding) land there.
    return g.node('Unsqueeze', [mul(valid, row), g.initializer(int64s([2]))]);
  };
  const rows: string[] = [];
  NGRAMS.forEach(({ length: n, buckets }, i) => {
    // Within the word: the n-gram ending at i, valid while position i-(n-2) is still in the word.
    rows.push(rowOf(keys[n - 1]!, inWord[n - 2]!, regionStarts[i]!, buckets));
    // At the word's last character: the n-gram closed by `$` (start and end n-grams have distinct keys).
    const endKey = add(mul(keys[n - 2]!, constant(BASE)), constant(END));
    const endValid = n === 2 ? wordEnd : mul(wordEnd, inWord[n - 3]!);
    rows.push(rowOf(endKey, endValid, regionStarts[i]!, buckets));
  });
  // Every validity flag above includes the attention mask, so padding gathers row 0 (zeros): the
  // sums below are masked sums.
  const tableName = g.initializer(table);
  const gather = (indices: string) =>
    g.node('Cast', [g.node('Gather', [tableName, indices], { axis: { int: 0 } })], { to: { int: FLOAT } });
  if (output === 'tokens') {
    // One gather for all n-grams ([batch, sequence, n-grams, dim]) then one sum per token.
    const gathered = gather(g.node('Concat', rows, { axis: { int: 2 } }));
    const summed = g.node('ReduceSum', [gathered, g.initializer(int64s([2]))], { keepdims: { int: 0 } });
    const emptyText = g.node('Gather', [g.initializer(tables.emptyText), inputIds], { axis: { int: 0 } });
    g.node('Add', [summed, emptyText], {}, 'last_hidden_state');
    g.output('last_hidden_state', 'float32', ['batch', 'sequence', DIMENSIONS]);
  } else {
    // One kind of n-gram at a time, summed over the text at once into [batch, dim]: the largest
    // tensor is one kind's [batch, sequence, dim], where gathering all kinds together held six times
    // as much (580 MB resident for a batch of 32 passages). Sums of small integers, exact in float32.
    const axes = g.initializer(int64s([1, 2]));
    const perKind = rows.map((row) => g.node('ReduceSum', [gather(row), axes], { keepdims: { int: 0 } }));
    const textSum = g.node('Sum', perKind);
    // The empty-text direction, once per [CLS] the text holds (one): [batch, 1] × [dim].
    const isCls = g.node('Cast', [g.node('Equal', [inputIds, constant(tables.clsId)])], {
      to: { int: INT64 },
    });
    const clsCount = g.node('ReduceSum', [mul(isCls, attentionMask), g.initializer(int64s([1]))], {
      keepdims: { int: 1 },
    });
    const withEmpty = g.node('Add', [
      textSum,
      g.node('Mul', [
        g.node('Cast', [clsCount], { to: { int: FLOAT } }),
        g.initializer(tables.emptyDirection),
      ]),
    ]);
    // Mean over the tokens the mask keeps, then unit length, as Transformers.js's mean pooling and normalize.
    const tokens = g.node(
      'Cast',
      [
        g.node('ReduceSum', [attentionMask, g.initializer(int64s([1]))], {
          keepdims: { int: 1 },
        }),
      ],
      { to: { int: FLOAT } },
    );
    const mean = g.node('Div', [withEmpty, tokens]);
    const norm = g.node('ReduceL2', [mean], { axes: { ints: [1] }, keepdims: { int: 1 } });
    g.node('Div', [mean, norm], {}, 'sentence_embedding');
    g.output('sentence_embedding', 'float32', ['batch', DIMENSIONS]);
  }

  return g.toBytes({
    producer: 'citadoc',
    metadata: { model: 'citadoc-ngram-fr', version: String(MODEL_VERSION), seed: String(TABLE_SEED) },
  });
}

/**
 * Random ±weight rows, one region per n-gram length after a first row of zeros ("no n-gram"). The
 * weight sits in the table so the graph needs no multiplication.
 */
export function ngramTable(): { table: Tensor; regionStarts: number[] } {
  const rows = 1 + NGRAMS.reduce((sum, { buckets }) => sum + buckets, 0);
  const values = randomSigns(rows * DIMENSIONS, TABLE_SEED);
  values.fill(0, 0, DIMENSIONS);
  const regionStarts: number[] = [];
  let start = 1;
  for (const { buckets, weight } of NGRAMS) {
    regionStarts.push(start);
    for (let i = start * DIMENSIONS; i < (start + buckets) * DIMENSIONS; i++) values[i]! *= weight;
    start += buckets;
  }
  return { table: tensor('int8', [rows, DIMENSIONS], values), regionStarts };
}

/** Per-vocabulary-id lookups: character code, "is a ## continuation", "is a character". */
function tokenTables() {
  const vocab = buildVocab();
  const size = Object.keys(vocab).length;
  const char = new BigInt64Array(size);
  const continuation = new BigInt64Array(size);
  const isChar = new BigInt64Array(size);
  for (const [token, id] of Object.entries(vocab)) {
    const letter = token.startsWith('##') ? token.slice(2) : token;
    const code = ALPHABET.indexOf(letter);
    if (letter.length !== 1 || code < 0) continue;
    char[id] = BigInt(code + 1);
    isChar[id] = 1n;
    if (token.startsWith('##')) continuation[id] = 1n;
  }
  // A fixed direction at [CLS]: the vector of a text with no content word instead of 0/0.
  const emptyText = new Float32Array(size * DIMENSIONS);
  const direction = randomFloats(DIMENSIONS, TABLE_SEED + 1, EMPTY_TEXT_WEIGHT);
  emptyText.set(direction, vocab['[CLS]']! * DIMENSIONS);
  return {
    char: tensor('int64', [size], char),
    continuation: tensor('int64', [size], continuation),
    isChar: tensor('int64', [size], isChar),
    emptyText: tensor('float32', [size, DIMENSIONS], emptyText),
    emptyDirection: tensor('float32', [DIMENSIONS], direction),
    clsId: vocab['[CLS]']!,
  };
}
