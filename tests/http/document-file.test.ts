import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentText } from '../../src/ingest/chunk.ts';
import { readMarkdown } from '../../src/ingest/readers/markdown.ts';
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

  describe('when the id is a known web text', () => {
    it('serves a readable French page, not the raw Markdown, under a CSP without scripts', async () => {
      const { app } = createTestApp();
      const response = await app.request('/documents/contrat-de-ville');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'none'");
      expect(csp).toContain("default-src 'none'");
      const html = await response.text();
      expect(html).toContain('<html lang="fr">');
      expect(html).toContain('<h1>Contrat de ville – Alès Agglomération</h1>');
      expect(html).toContain('<h2>Contrat de ville</h2>');
      // No front matter shown as text.
      expect(html).not.toMatch(/^---$|title: "/m);
      expect(html).not.toContain('<mark>');
    });

    it("highlights the passage a citation link names, at the chunker's offsets", async () => {
      const { app, assistant } = createTestApp();
      const { blocks } = readMarkdown(readFileSync(assistant.documentFile('contrat-de-ville')!.path, 'utf8'));
      const cited = '6 juillet 2015, Alès Agglomération signe son Contrat de Ville';
      const start = documentText(blocks).indexOf(cited);
      expect(start).toBeGreaterThan(0);
      const response = await app.request(
        `/documents/contrat-de-ville?passage=${start}-${start + cited.length}`,
      );
      const html = await response.text();
      expect(html).toContain(`<mark>${cited}</mark>`);
      expect(html.match(/<mark>/g)).toHaveLength(1);
      expect(html).toContain('<section class="passage" id="passage" tabindex="-1" autofocus');
    });

    it('still shows the document, saying the passage was not found, when the link is wrong', async () => {
      const { app } = createTestApp();
      for (const passage of ['abc', '50-10', '99999999-100000000']) {
        const response = await app.request(`/documents/contrat-de-ville?passage=${passage}`);
        expect(response.status).toBe(200);
        expect(await response.text()).toContain('Le passage cité n’a pas été retrouvé');
      }
    });

    it('answers 304 for the same file and passage, and a fresh page for another passage', async () => {
      const { app } = createTestApp();
      const first = await app.request('/documents/contrat-de-ville?passage=0-20');
      const etag = first.headers.get('etag')!;
      const again = await app.request('/documents/contrat-de-ville?passage=0-20', {
        headers: { 'If-None-Match': etag },
      });
      expect(again.status).toBe(304);
      const other = await app.request('/documents/contrat-de-ville?passage=0-30', {
        headers: { 'If-None-Match': etag },
      });
      expect(other.status).toBe(200);
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
