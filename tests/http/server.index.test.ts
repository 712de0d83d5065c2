/**
 * The real service end to end: `startServer` with the real assistant, which ingests the default
 * corpus into a fresh data folder (tens of seconds). Named `.index.` so it can run apart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.ts';

const LOAD_TIMEOUT_MS = 300_000;

describe('startServer with the real assistant and the default corpus', () => {
  let server: RunningServer;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'citadoc-real-'));
    server = await startServer({ port: 0, dataDir, rateLimitPerMinute: 0, logLevel: 'silent' });
    await server.loaded;
  }, LOAD_TIMEOUT_MS);
  afterAll(() => server?.close());

  describe('POST /api/chat', () => {
    describe('when the corpus covers the question', () => {
      it('answers with a citation whose document the service serves', async () => {
        const response = await fetch(`${server.url}/api/chat`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ question: 'Qui doit remplacer les joints des robinets ?' }),
        });
        expect(response.status).toBe(200);
        const body = await response.json();
        expect(body.declined).toBe(false);
        const pdf = body.citations.find((citation: { url: string }) =>
          citation.url.startsWith('/documents/'),
        );
        expect(pdf).toBeDefined();

        const file = await fetch(`${server.url}${pdf.url.split('#')[0]}`);
        expect(file.status).toBe(200);
        expect(file.headers.get('content-type')).toBe('application/pdf');
      });
    });
  });

  describe('GET /api/documents', () => {
    it('lists the default corpus', async () => {
      const { documents } = await (await fetch(`${server.url}/api/documents`)).json();
      expect(documents.length).toBeGreaterThanOrEqual(10);
    });
  });
});
