/**
 * A resident follows a citation link to a web text, in Chromium: the real service answers over a
 * small corpus (a long Markdown rule book and a city HTML page, both with scripts planted in them),
 * and the link of the answer's citation opens the reading page with the passage highlighted, in
 * view and focused; nothing planted runs and nothing is fetched from another origin.
 * Needs Debian's Chromium (tests/browser/chromium.ts); named `.browser.test.ts` to run apart.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { launchChromium } from './chromium.ts';
import { recordOrigins } from './widget-page.ts';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PLANTED = "document.title = 'Piraté'; window.__citadocPwned = true";

/** Many articles before the one cited, so the passage starts well below the first screen. */
const FILLER_ARTICLES = Array.from(
  { length: 30 },
  (_, i) => `## Article ${i + 1} – Bon voisinage n° ${i + 1}

Chaque jardinier range ses outils dans l'abri commun et laisse l'allée n° ${i + 1} dégagée pour les brouettes.`,
).join('\n\n');

const JARDIN = `---
title: "Règlement du jardin partagé de Rivebelle"
url: "https://rivebelle.example/jardin-partage/reglement"
publisher: "Ville de Rivebelle"
date: "2025-03-01"
kind: web
---

# Règlement du jardin partagé

<script>${PLANTED}</script>
<img src="http://tiers.example/pixel.png" onerror="${PLANTED}">

&lt;script&gt;${PLANTED}&lt;/script&gt;

${FILLER_ARTICLES}

## Article 31 – Attribution des parcelles

Les parcelles du jardin partagé sont attribuées par tirage au sort le premier samedi d'avril, à la mairie annexe des Hauts-de-Saulière.

## Article 32 – Cotisation

La cotisation annuelle est de 10 euros par parcelle.
`;

const MEDIATHEQUE = `<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Médiathèque Alphonse-Daudet de Rivebelle</title>
  <link rel="canonical" href="https://rivebelle.example/mediatheque">
  <link rel="stylesheet" href="http://tiers.example/site.css">
  <script>${PLANTED}</script>
  <script src="http://tiers.example/tracker.js"></script>
</head>
<body onload="${PLANTED}">
  <nav><a href="/">Accueil</a></nav>
  <main>
    <h1>La médiathèque Alphonse-Daudet</h1>
    <p>La médiathèque prête des livres, des disques et des jeux de société aux habitants de l'agglomération.</p>
    <p>&lt;script&gt;${PLANTED}&lt;/script&gt;</p>
    <h2>Ateliers</h2>
    <ul><li>Atelier numérique le jeudi</li><li>Heure du conte le mercredi</li></ul>
    <h2>Horaires d'ouverture</h2>
    <p>La médiathèque est ouverte le mardi de 10 heures à 18 heures et le samedi de 9 heures à 12 heures.</p>
    <iframe src="http://tiers.example/carte"></iframe>
    <img src="http://tiers.example/facade.jpg" onerror="${PLANTED}">
    <script>${PLANTED}</script>
  </main>
</body>
</html>`;

let root: string;
let server: RunningServer;
let browser: Browser;

async function citationUrl(question: string, source: string): Promise<string> {
  const response = await fetch(`${server.url}/api/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  const answer = (await response.json()) as Answer;
  const citation = answer.citations.find((c) => c.source === source);
  if (!citation) throw new Error(`no citation of ${source}: ${JSON.stringify(answer)}`);
  return citation.url;
}

/** What a resident sees and what the page did, once it has loaded. */
async function openCitation(page: Page, url: string) {
  const origins = recordOrigins(page);
  const response = await page.goto(`${server.url}${url}`);
  await page.waitForLoadState('load');
  const state = await page.evaluate(() => {
    const passage = document.getElementById('passage');
    const rect = passage?.getBoundingClientRect();
    const style = passage ? getComputedStyle(passage) : undefined;
    return {
      title: document.title,
      h1: document.querySelector('h1')?.textContent,
      lang: document.documentElement.lang,
      pwned: (window as unknown as { __citadocPwned?: unknown }).__citadocPwned,
      scripts: document.scripts.length,
      marked: [...document.querySelectorAll('#passage mark')].map((m) => m.textContent).join(' '),
      focused: document.activeElement?.id,
      inView: rect !== undefined && rect.top < window.innerHeight && rect.bottom > 0,
      scrolled: window.scrollY,
      label: passage?.querySelector('.passage-label')?.textContent,
      borderLeft: style ? Number.parseFloat(style.borderLeftWidth) : 0,
      text: document.querySelector('main')?.textContent ?? '',
    };
  });
  return { response, state, origins };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'citadoc-docpage-'));
  const corpusDir = join(root, 'corpus');
  await mkdir(corpusDir);
  await writeFile(join(corpusDir, 'jardin-partage.md'), JARDIN);
  await writeFile(join(corpusDir, 'mediatheque.html'), MEDIATHEQUE);
  server = await startServer({
    port: 0,
    corpusDir,
    dataDir: join(root, 'data'),
    rateLimitPerMinute: 0,
    logLevel: 'silent',
  });
  await server.loaded;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

describe('a citation link to a web text, opened in Chromium', () => {
  describe('for a Markdown source', () => {
    it('shows the page with the cited article highlighted, in view and focused, and runs nothing planted', async () => {
      const url = await citationUrl(
        'Comment sont attribuées les parcelles du jardin partagé ?',
        'jardin-partage.md',
      );
      expect(url).toMatch(/^\/documents\/jardin-partage\?passage=\d+-\d+#passage$/);
      const page = await browser.newPage();
      const { response, state, origins } = await openCitation(page, url);

      expect(response?.status()).toBe(200);
      expect(state.title).toBe('Règlement du jardin partagé de Rivebelle – Documents du Contrat de ville');
      expect(state.h1).toBe('Règlement du jardin partagé de Rivebelle');
      expect(state.lang).toBe('fr');
      // Rendered, not raw: no front matter, headings and paragraphs as text.
      expect(state.text).not.toContain('title:');
      expect(state.text).toContain('Article 30 – Bon voisinage n° 30');
      expect(await page.locator('h3', { hasText: 'Article 31 – Attribution des parcelles' }).count()).toBe(1);

      expect(state.marked).toContain('tirage au sort le premier samedi d');
      expect(state.label).toBe('Passage cité');
      expect(state.borderLeft).toBeGreaterThanOrEqual(4);
      expect(state.scrolled).toBeGreaterThan(0);
      expect(state.inView).toBe(true);
      expect(state.focused).toBe('passage');

      expect(state.pwned).toBeUndefined();
      expect(state.scripts).toBe(0);
      // The escaped script shows as the words it is.
      expect(state.text).toContain('<script>document.title');
      expect([...origins]).toEqual([server.url]);
      await page.close();
    });
  });

  describe('for an HTML source', () => {
    it('shows the page with the opening hours highlighted, in view and focused, and runs nothing planted', async () => {
      const url = await citationUrl('Quels sont les horaires de la médiathèque ?', 'mediatheque.html');
      const page = await browser.newPage({ viewport: { width: 360, height: 400 } });
      const { response, state, origins } = await openCitation(page, url);

      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'none'");
      expect(state.title).toBe('Médiathèque Alphonse-Daudet de Rivebelle – Documents du Contrat de ville');
      expect(state.text).toContain('Atelier numérique le jeudi');
      expect(await page.locator('main li').count()).toBeGreaterThanOrEqual(2);
      expect(state.marked).toContain('ouverte le mardi de 10 heures à 18 heures');
      expect(state.inView).toBe(true);
      expect(state.focused).toBe('passage');
      expect(state.pwned).toBeUndefined();
      expect(state.scripts).toBe(0);
      expect(await page.locator('iframe, img, link[rel=stylesheet]').count()).toBe(0);
      expect([...origins]).toEqual([server.url]);
      await page.close();
    });

    it('passes an axe-core audit, and nothing planted runs even without the CSP', async () => {
      const url = await citationUrl('Quels sont les horaires de la médiathèque ?', 'mediatheque.html');
      // The page's CSP would refuse the injected axe-core script: this context ignores it, which
      // also shows that the page holds nothing that could run.
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.url}${url}`);
      expect(
        await page.evaluate(() => (window as unknown as { __citadocPwned?: unknown }).__citadocPwned),
      ).toBe(undefined);
      await page.addScriptTag({ path: AXE_PATH });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
        return (await axe.run()).violations.map((v) => v.id);
      });
      expect(violations).toEqual([]);
      await context.close();
    });
  });
});
