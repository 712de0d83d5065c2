import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFakeAssistant, createTestApp } from './helpers.ts';

describe('GET /documents/:id', () => {
  describe('when the id is a known PDF', () => {
    it('serves the original inline with its type and cache headers', async () => {
      const { app, assistant } = createTestApp();
      const response = await app.request('/documents/guide-reparations');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="guide-reparations/);
      expect(response.headers.get('cache-control')).toContain('max-age');
      const original = readFileSync(assistant.documentFile('guide-reparations')!.path);
      expect(Buffer.from(await response.arrayBuffer()).equals(original)).toBe(true);
    });

    it('answers 304 when the browser already has this version', async () => {
      const { app } = createTestApp();
      const etag = (await app.request('/documents/guide-reparations')).headers.get('etag')!;
      const again = await app.request('/documents/guide-reparations', { headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
    });
  });

  describe('when the id is a known text', () => {
    it('declares UTF-8', async () => {
      const { app } = createTestApp();
      const response = await app.request('/documents/contrat-de-ville');
      expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
      expect(await response.text()).toContain('Contrat de ville');
    });

    it('keeps a charset the assistant already gives', async () => {
      const base = createFakeAssistant();
      const assistant = createFakeAssistant({
        documentFile: (id) => {
          const file = base.documentFile(id);
          return file && { ...file, mime: 'text/markdown; charset=utf-8' };
        },
      });
      const { app } = createTestApp({ assistant });
      const response = await app.request('/documents/contrat-de-ville');
      expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    });
  });

  describe('when the id is unknown or tries to leave the corpus', () => {
    it.each([
      '/documents/nope',
      '/documents/..%2F..%2Fpackage.json',
      '/documents/%2e%2e%2fpackage.json',
      '/documents/.hidden',
      '/documents/..%5c..%5cpackage.json',
      '/documents/guide-reparations%00.pdf',
      '/documents/%252e%252e%252fpackage.json',
      '/documents/../package.json',
    ])('answers 404 (%s)', async (url) => {
      let asked = 0;
      const base = createFakeAssistant();
      const assistant = createFakeAssistant({
        documentFile: (id) => {
          asked++;
          return base.documentFile(id);
        },
      });
      const { app } = createTestApp({ assistant });
      const response = await app.request(url);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('"name"');
      expect(asked).toBe(0);
    });
  });
});
