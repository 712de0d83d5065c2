import { describe, expect, it, vi } from 'vitest';
import { type EmbedderHealth, EmbeddingUnavailableError, superviseEmbedder } from './health.ts';
import type { Embedder } from './types.ts';

function flakyEmbedder() {
  let up = true;
  let calls = 0;
  const embedder: Embedder = {
    spec: {
      modelId: 'm',
      dimensions: 2,
      pooling: 'mean',
      normalize: true,
      queryPrefix: '',
      passagePrefix: '',
    },
    async embedQuery() {
      calls++;
      if (!up) throw new Error('injoignable');
      return Float32Array.from([1, 0]);
    },
    embedPassages: async (texts) => texts.map(() => Float32Array.from([1, 0])),
  };
  return {
    embedder,
    set up(value: boolean) {
      up = value;
    },
    get calls() {
      return calls;
    },
  };
}

describe('superviseEmbedder', () => {
  it('takes the server as down at the first failure, then refuses at once without calling it', async () => {
    const inner = flakyEmbedder();
    const changes: EmbedderHealth[] = [];
    const supervised = superviseEmbedder(inner.embedder, {
      retryMs: 60_000,
      onChange: (h) => changes.push(h),
    });
    await expect(supervised.embedder.embedQuery('a')).resolves.toBeDefined();
    inner.up = false;
    await expect(supervised.embedder.embedQuery('b')).rejects.toThrow('injoignable');
    const calls = inner.calls;
    await expect(supervised.embedder.embedQuery('c')).rejects.toThrow(EmbeddingUnavailableError);
    await expect(supervised.embedder.embedQuery('d')).rejects.toThrow(EmbeddingUnavailableError);
    expect(inner.calls).toBe(calls);
    expect(supervised.health()).toMatchObject({ ok: false, reason: 'injoignable', lexicalOnly: 3 });
    // Reported once, not at each question.
    expect(changes).toHaveLength(1);
    supervised.close();
  });

  it('comes back by itself when a background probe succeeds', async () => {
    vi.useFakeTimers();
    try {
      const inner = flakyEmbedder();
      const changes: EmbedderHealth[] = [];
      const supervised = superviseEmbedder(inner.embedder, {
        retryMs: 1_000,
        down: 'absent au démarrage',
        onChange: (h) => changes.push(h),
      });
      inner.up = false;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(supervised.health().ok).toBe(false);
      inner.up = true;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(supervised.health().ok).toBe(true);
      await expect(supervised.embedder.embedQuery('x')).resolves.toBeDefined();
      expect(changes.map((c) => c.ok)).toEqual([false, true]);
      supervised.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
