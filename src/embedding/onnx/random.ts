/**
 * A seeded pseudo-random generator (mulberry32), so model weights are a function of a seed and
 * nothing else: the same build on any machine writes the same bytes.
 */

const UINT32 = 2 ** 32;

/** Returns a generator of uniform uint32 values. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform floats in [-scale, scale): enough for small test weights. */
export function randomFloats(count: number, seed: number, scale: number): Float32Array {
  const next = createRandom(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = ((next() / UINT32) * 2 - 1) * scale;
  return out;
}

/** Random ±1 values, 32 per draw: the cheapest way to fill a large sign table. */
export function randomSigns(count: number, seed: number): Int8Array {
  const next = createRandom(seed);
  const out = new Int8Array(count);
  let bits = 0;
  for (let i = 0; i < count; i++) {
    if (i % 32 === 0) bits = next();
    out[i] = (bits >>> (i % 32)) & 1 ? 1 : -1;
  }
  return out;
}
