/**
 * The console in a real browser (headless Chromium through playwright-core): sign in, search as
 * you type, see the matched words marked, copy a citation; then the commitments at 320 px, checked
 * by axe. Needs Debian's Chromium (tests/browser/chromium.ts); named `.browser.test.ts` so it can
 * run on its own.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../tests/browser/chromium.ts';
import { agentTestApp, type FakeAssistant, fakeAssistant } from './fake-assistant.test-helper.ts';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

let server: ServerType;
let origin: string;
let browser: Browser;
let assistant: FakeAssistant;

beforeAll(async () => {
  assistant = fakeAssistant();
  const app = agentTestApp({
    assistant,
    agentUsers: 'accueil:mot-de-passe-accueil',
    sessionSecret: 'secret-de-session-navigateur-0123456789',
    secureCookies: false,
  });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

function today(): string {
  const now = new Date();
  return `${String(now.getDate()).padStart(2, '0')}/${String(now.getMonth() + 1).padStart(2, '0')}/${now.getFullYear()}`;
}

describe('the front-desk console in Chromium', () => {
  it('signs in, searches as the agent types, marks the matches and copies a citation', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) foreign.push(request.url());
    });

    await page.goto(`${origin}/agent`);
    expect(new URL(page.url()).pathname).toBe('/agent/login');
    await page.getByLabel('Identifiant').fill('accueil');
    await page.getByLabel('Mot de passe').fill('mot-de-passe-accueil');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${origin}/agent`);

    await page.getByLabel('Rechercher dans les documents').pressSequentially('rénovation', { delay: 30 });
    await expect.poll(() => page.locator('#search-status').textContent()).toBe('1 résultat');
    // Typing ten letters 30 ms apart is one pause: the debounce sends one search, not ten.
    expect(assistant.searches.map((s) => s.query)).toEqual(['rénovation']);

    const result = page.locator('#results li').first();
    expect(await result.locator('h3').textContent()).toBe('Contrat de ville 2024-2030');
    expect(await result.locator('mark').allTextContents()).toEqual(['État', 'rénovation']);
    const link = result.getByRole('link', { name: /Ouvrir à la page 12/ });
    expect(await link.getAttribute('href')).toBe(`${origin}/documents/cdv-2024#page=12`);
    expect(await link.getAttribute('target')).toBe('_blank');

    await result.getByRole('button', { name: 'Copier la citation' }).click();
    await expect.poll(() => result.getByRole('button').textContent()).toBe('Citation copiée');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(
      `« L’État mobilisera les crédits de la politique de la ville pour la rénovation urbaine des Prés Saint-Jean. » — Contrat de ville 2024-2030, p. 12, ${origin}/documents/cdv-2024#page=12, consulté le ${today()}`,
    );
    expect(foreign).toEqual([]);
    await context.close();
  });

  it('shows the commitments with counts, fits a 320 px screen and passes axe', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto(`${origin}/agent/login`);
    await page.getByLabel('Identifiant').fill('accueil');
    await page.getByLabel('Mot de passe').fill('mot-de-passe-accueil');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${origin}/agent`);

    await page.getByRole('tab', { name: 'Engagements' }).click();
    await expect.poll(() => page.locator('#commitment-status').textContent()).toBe('3 engagements sur 3');
    await page.getByLabel('Partenaire').selectOption('CAF');
    await expect.poll(() => page.locator('#commitment-status').textContent()).toBe('1 engagement sur 3');
    expect(await page.getByRole('link', { name: 'Exporter en CSV' }).getAttribute('href')).toBe(
      '/api/agent/commitments.csv?partner=CAF',
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
      return (await axe.run()).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await context.close();
  });
});
