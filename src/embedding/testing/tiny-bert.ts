/**
 * Test helper: writes a tiny random model shaped like a real BERT (word + position + token-type
 * embeddings, LayerNorm, one self-attention layer masked by attention_mask, a GELU feed-forward
 * layer, LayerNorm) with a real BERT tokenizer, laid out like a pretrained Hub model. Tests load it
 * through the pretrained code path of loadEmbedder, which no network can reach here.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildBertTokenizerConfig, buildBertTokenizerJson, SPECIAL_TOKENS } from '../bert-tokenizer.ts';
import { floatScalar, GraphBuilder, int64Scalar, int64s, tensor } from '../onnx/graph-builder.ts';
import { randomFloats } from '../onnx/random.ts';

const HIDDEN = 32;
const INTERMEDIATE = 64;
const MAX_POSITIONS = 128;
/** Hugging Face's default for BERT tokenizers. */
const MAX_CHARS_PER_WORD = 100;
const WEIGHT_SCALE = 0.5;
const LAYER_NORM_EPSILON = 1e-12;
/** Added to attention scores of padding positions, as BERT does, so softmax gives them ~0. */
const MASKED_SCORE = -10_000;

const WORDS = (
  'query passage logement logements social sociaux quartier quartiers prioritaire prioritaires ville ' +
  'contrat emploi jeunes formation ecole ecoles college education sante habitant habitants alès ales ' +
  'renovation urbaine bailleur loyer aide aides association associations mairie agglomeration le la ' +
  'les de des du un une et en pour dans sur avec par est sont qui que'
).split(' ');
const PUNCTUATION = [':', '.', ',', '?', "'", '-'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Whole words (incl. `query`, `passage`), then single letters and `##` letters so no word is [UNK]. */
function tinyBertTokens(): string[] {
  const pieces = [...LETTERS].flatMap((ch) => [ch, `##${ch}`]);
  return [...new Set([...PUNCTUATION, ...WORDS, ...pieces])];
}

/** Writes `<modelsDir>/<id>/` and returns that folder. Same seed, same model. */
export async function writeTinyBertModel(modelsDir: string, id: string, seed = 7): Promise<string> {
  const dir = path.join(modelsDir, id);
  const tokens = tinyBertTokens();
  const vocabSize = SPECIAL_TOKENS.length + tokens.length;
  const normalizer = {
    type: 'BertNormalizer',
    clean_text: true,
    handle_chinese_chars: true,
    lowercase: true,
  };
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  const json = (value: object) => JSON.stringify(value, null, 2);
  await writeFile(path.join(dir, 'config.json'), json(config(vocabSize)));
  await writeFile(
    path.join(dir, 'tokenizer.json'),
    json(buildBertTokenizerJson({ tokens, normalizer, maxCharsPerWord: MAX_CHARS_PER_WORD })),
  );
  await writeFile(path.join(dir, 'tokenizer_config.json'), json(buildBertTokenizerConfig(MAX_POSITIONS)));
  await writeFile(path.join(dir, 'onnx', 'model.onnx'), graph(vocabSize, seed));
  return dir;
}

function config(vocabSize: number) {
  return {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: HIDDEN,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: INTERMEDIATE,
    hidden_act: 'gelu',
    max_position_embeddings: MAX_POSITIONS,
    type_vocab_size: 2,
    vocab_size: vocabSize,
  };
}

function graph(vocabSize: number, seed: number): Uint8Array {
  const g = new GraphBuilder('tiny_bert');
  let nextSeed = seed;
  const weight = (dims: number[]) => {
    const count = dims.reduce((a, b) => a * b, 1);
    return g.initializer(tensor('float32', dims, randomFloats(count, nextSeed++, WEIGHT_SCALE)));
  };
  const ones = () => g.initializer(tensor('float32', [HIDDEN], new Float32Array(HIDDEN).fill(1)));
  const layerNorm = (x: string) =>
    g.node('LayerNormalization', [x, ones(), weight([HIDDEN])], {
      axis: { int: -1 },
      epsilon: { float: LAYER_NORM_EPSILON },
    });
  const linear = (x: string, inDim: number, outDim: number) =>
    g.node('Add', [g.node('MatMul', [x, weight([inDim, outDim])]), weight([outDim])]);

  const inputIds = g.input('input_ids', 'int64', ['batch', 'sequence']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch', 'sequence']);
  const tokenTypeIds = g.input('token_type_ids', 'int64', ['batch', 'sequence']);

  const gather = (table: string, ids: string) => g.node('Gather', [table, ids], { axis: { int: 0 } });
  const length = g.node('Gather', [g.node('Shape', [inputIds]), g.initializer(int64Scalar(1))], {
    axis: { int: 0 },
  });
  const positions = g.node('Range', [g.initializer(int64Scalar(0)), length, g.initializer(int64Scalar(1))]);
  const embeddings = g.node('Add', [
    g.node('Add', [
      gather(weight([vocabSize, HIDDEN]), inputIds),
      gather(weight([MAX_POSITIONS, HIDDEN]), positions),
    ]),
    gather(weight([2, HIDDEN]), tokenTypeIds),
  ]);
  const x = layerNorm(embeddings);

  // Self-attention, one head.
  const q = linear(x, HIDDEN, HIDDEN);
  const k = linear(x, HIDDEN, HIDDEN);
  const v = linear(x, HIDDEN, HIDDEN);
  const scores = g.node('Div', [
    g.node('MatMul', [q, g.node('Transpose', [k], { perm: { ints: [0, 2, 1] } })]),
    g.initializer(floatScalar(Math.sqrt(HIDDEN))),
  ]);
  const maskFloat = g.node('Cast', [attentionMask], { to: { int: 1 } });
  const maskBias = g.node('Mul', [
    g.node('Sub', [g.initializer(floatScalar(1)), maskFloat]),
    g.initializer(floatScalar(MASKED_SCORE)),
  ]);
  const maskedScores = g.node('Add', [scores, g.node('Unsqueeze', [maskBias, g.initializer(int64s([1]))])]);
  const probabilities = g.node('Softmax', [maskedScores], { axis: { int: -1 } });
  const attended = linear(g.node('MatMul', [probabilities, v]), HIDDEN, HIDDEN);
  const x2 = layerNorm(g.node('Add', [x, attended]));

  // Feed-forward with exact GELU: x · Φ(x) = 0.5 · x · (1 + erf(x / √2)).
  const inner = linear(x2, HIDDEN, INTERMEDIATE);
  const erf = g.node('Erf', [g.node('Div', [inner, g.initializer(floatScalar(Math.SQRT2))])]);
  const gelu = g.node('Mul', [
    g.node('Mul', [inner, g.initializer(floatScalar(0.5))]),
    g.node('Add', [erf, g.initializer(floatScalar(1))]),
  ]);
  const output = layerNorm(g.node('Add', [x2, linear(gelu, INTERMEDIATE, HIDDEN)]));
  g.node('Identity', [output], {}, 'last_hidden_state');
  g.output('last_hidden_state', 'float32', ['batch', 'sequence', HIDDEN]);
  return g.toBytes({ producer: 'citadoc-tests' });
}
