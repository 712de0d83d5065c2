import { describe, expect, it } from 'vitest';
import type { SearchOptions } from '../../src/assistant/types.ts';
import { createFakeAssistant, createTestApp } from './helpers.ts';

describe('GET /api/search', () => {
  describe('when passages match', () => {
    it('returns ranked hits with what is needed to cite them', async () => {
      const { app } = createTestApp();
      const response = await app.request('/api/search?q=contrats%20sign%C3%A9s');
      expect(response.status).toBe(200);
      const { results } = await response.json();
      expect(results[0]).toMatchObject({ docId: 'contrat-de-ville', score: 1, excerpt: expect.any(String) });
    });
  });

  describe('when filters are given', () => {
    it('passes k (10 by default), document, kind and year to the assistant', async () => {
      const seen: SearchOptions[] = [];
      const base = createFakeAssistant();
      const assistant = createFakeAssistant({
        search: (query, options) => {
          seen.push(options);
          return base.search(query, options);
        },
      });
      const { app } = createTestApp({ assistant });
      await app.request('/api/search?q=refonte');
      await app.request('/api/search?q=refonte&k=3&document=contrat-de-ville&kind=web&year=2023');
      expect(seen).toEqual([{ k: 10 }, { k: 3, document: 'contrat-de-ville', kind: 'web', year: '2023' }]);
    });
  });

  describe('when a parameter is wrong', () => {
    it.each([
      ['/api/search', 'q'],
      ['/api/search?q=refonte&k=51', 'k'],
      ['/api/search?q=refonte&k=deux', 'k'],
      ['/api/search?q=refonte&year=23', 'year'],
    ])('answers 400 naming it (%s)', async (url, field) => {
      const { app } = createTestApp();
      const response = await app.request(url);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: 'invalid_request', field });
    });
  });

  describe('when a client searches far more often than it could read', () => {
    it('answers 429 past three times the chat limit', async () => {
      const { app } = createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1' } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await app.request('/api/search?q=refonte')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    });
  });
});

describe('GET /api/documents', () => {
  it('lists the documents', async () => {
    const { app } = createTestApp();
    const { documents } = await (await app.request('/api/documents')).json();
    expect(documents.map((doc: { id: string }) => doc.id)).toEqual(['contrat-de-ville', 'guide-reparations']);
  });
});
