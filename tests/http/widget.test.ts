import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.ts';

function widgetDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'citadoc-widget-'));
  mkdirSync(join(dir, 'dist'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('GET /widget.js', () => {
  describe('when the widget is built', () => {
    it('serves it to any host page, cached and revalidated', async () => {
      const { app } = createTestApp({
        widgetDir: widgetDir({ 'dist/widget.js': 'customElements.define("x-y", class {});' }),
      });
      const response = await app.request('/widget.js');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(response.headers.get('cache-control')).toContain('max-age');
      expect(await response.text()).toContain('customElements');

      const etag = response.headers.get('etag')!;
      expect((await app.request('/widget.js', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    });
  });

  describe('when the widget is not built', () => {
    it('answers a French 503', async () => {
      const { app } = createTestApp({ widgetDir: widgetDir({}) });
      const response = await app.request('/widget.js');
      expect(response.status).toBe(503);
      expect(await response.text()).toMatch(/pas encore construit/);
    });
  });
});

describe('GET /', () => {
  describe('when the demo page exists', () => {
    it('serves it as HTML under the strict CSP', async () => {
      const { app } = createTestApp({
        widgetDir: widgetDir({ 'demo.html': '<!doctype html><title>Démo</title>' }),
      });
      const response = await app.request('/');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await response.text()).toContain('Démo');
    });
  });

  describe('when the demo page is missing', () => {
    it('answers a French 503 page', async () => {
      const { app } = createTestApp({ widgetDir: widgetDir({}) });
      const response = await app.request('/');
      expect(response.status).toBe(503);
      expect(await response.text()).toMatch(/lang="fr"[\s\S]*indisponible/);
    });
  });
});
