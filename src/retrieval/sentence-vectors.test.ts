import { describe, expect, it } from 'vitest';
import {
  encodeSentenceVectors,
  sentenceKey,
  sentenceSimilarities,
  sentencesToEmbed,
} from './sentence-vectors.ts';

/** A unit vector pointing mostly along `axis`. */
function along(axis: number, dimensions = 8): Float32Array {
  const v = new Float32Array(dimensions).fill(0.1);
  v[axis] = 1;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('sentence vectors', () => {
  it('lists the sentences worth embedding once each, and skips fragments', () => {
    const text =
      'Le ballon électrique est remplacé par le bailleur. Titre\nLe ballon électrique est remplacé par le bailleur.';
    expect(sentencesToEmbed(text)).toEqual(['Le ballon électrique est remplacé par le bailleur.']);
  });

  it('finds a sentence by its text whatever its case, accents and spaces', () => {
    expect(sentenceKey('Le  chauffe-eau est à la charge du bailleur.')).toBe(
      sentenceKey('le chauffe-eau est a la charge du bailleur.'),
    );
    expect(sentenceKey('Le chauffe-eau est à la charge du bailleur.')).not.toBe(
      sentenceKey('Le chauffe-eau est à la charge du locataire.'),
    );
  });

  it('gives back, from 8-bit values, the similarities of the exact vectors to within 0.01', () => {
    const sentences = [
      'Première phrase assez longue pour compter.',
      'Deuxième phrase assez longue pour compter.',
    ];
    const vectors = [along(1), along(5)];
    const encoded = encodeSentenceVectors(sentences, vectors);
    // Queries need not be unit vectors: a server may not normalise them.
    const query = along(1).map((x) => x * 3);
    const similarities = sentenceSimilarities([encoded], query);
    expect(similarities.get(sentenceKey(sentences[0]!))).toBeCloseTo(cosine(along(1), vectors[0]!), 2);
    expect(similarities.get(sentenceKey(sentences[1]!))).toBeCloseTo(cosine(along(1), vectors[1]!), 2);
  });

  it('ignores vectors of another dimension (an index built with another model)', () => {
    const encoded = encodeSentenceVectors(['Une phrase assez longue pour être lue.'], [along(1, 8)]);
    expect(sentenceSimilarities([encoded], along(1, 12)).size).toBe(0);
  });
});
