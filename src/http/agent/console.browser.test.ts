/**
 * The console in a real browser (headless Chromium through playwright-core), served by the whole
 * service with its security headers (`Referrer-Policy: no-referrer` makes Chromium post forms with
 * `Origin: null`): sign in by typing and clicking, search as you type, see the matched words marked,
 * open and copy a citation, export the CSV, sign out; a page from another origin that posts the
 * sign-in form is refused; the commitments at 320 px, checked by axe. Needs Debian's Chromium
 * (tests/browser/chromium.ts); named `.browser.test.ts` so it can run on its own.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../tests/browser/chromium.ts';
import { type FakeAssistant, fakeAssistant, serviceTestApp } from './fake-assistant.test-helper.ts';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const USERNAME = 'accueil';
const PASSWORD = 'mot-de-passe-accueil';
/** The cited file is a PDF, served as it is: its bytes only need to be recognisable. */
const DOCUMENT_BYTES = '%PDF-1.4\n% Contrat de ville 2024-2030\n%%EOF\n';

let server: ServerType;
let origin: string;
/** Another site: the same machine under another port, and under another name (`localhost`). */
let foreignServer: ServerType;
let foreignPort: number;
let browser: Browser;
let assistant: FakeAssistant;

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<ServerType> {
  return new Promise((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
}

const portOf = (s: ServerType) => (s.address() as AddressInfo).port;

beforeAll(async () => {
  const documentPath = join(mkdtempSync(join(tmpdir(), 'citadoc-console-')), 'contrat-de-ville-2024.pdf');
  writeFileSync(documentPath, DOCUMENT_BYTES);
  assistant = {
    ...fakeAssistant(),
    documentFile: (id) => (id === 'cdv-2024' ? { path: documentPath, mime: 'application/pdf' } : undefined),
  };
  const app = serviceTestApp(assistant, {
    AGENT_USERS: `${USERNAME}:${PASSWORD}`,
    SESSION_SECRET: 'secret-de-session-navigateur-0123456789',
  });
  server = await listen(app.fetch);
  origin = `http://127.0.0.1:${portOf(server)}`;

  // A page that signs the visitor in, unasked, with credentials of the attacker's choosing.
  const foreign = new Hono();
  foreign.get('/', (c) =>
    c.html(`<!doctype html><html lang="fr"><body>
<form id="f" method="post" action="${c.req.query('target') ?? origin}/agent/login">
<input name="username" value="${USERNAME}"><input name="password" value="${PASSWORD}">
</form><script>document.getElementById('f').submit()</script></body></html>`),
  );
  foreignServer = await listen(foreign.fetch);
  foreignPort = portOf(foreignServer);
  // `*.test` names reach 127.0.0.1 as a plain-HTTP site would: no Fetch Metadata is sent there.
  browser = await launchChromium([`--host-resolver-rules=MAP *.test 127.0.0.1`]);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => foreignServer?.close(resolve));
  await new Promise((resolve) => server?.close(resolve));
});

function today(): string {
  const now = new Date();
  return `${String(now.getDate()).padStart(2, '0')}/${String(now.getMonth() + 1).padStart(2, '0')}/${now.getFullYear()}`;
}

async function signIn(page: Page, at = origin): Promise<void> {
  await page.goto(`${at}/agent`);
  expect(new URL(page.url()).pathname).toBe('/agent/login');
  await page.getByLabel('Identifiant').fill(USERNAME);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${at}/agent`);
}

describe('the front-desk console in Chromium', () => {
  it('signs in, searches, opens and copies a citation, exports the CSV and signs out', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const page = await context.newPage();
    const foreign: string[] = [];
    const formPosts: string[] = [];
    context.on('request', (request) => {
      // Chromium's own PDF viewer (chrome-extension:) is no request to another site.
      if (/^https?:/.test(request.url()) && !request.url().startsWith(origin)) foreign.push(request.url());
      if (request.method() === 'POST') formPosts.push(new URL(request.url()).pathname);
    });

    await signIn(page);
    // The service's own pages ask for no referrer; the form pages keep it for their own origin.
    const login = await page.request.get(`${origin}/agent/login`);
    expect(login.headers()['referrer-policy']).toBe('same-origin');

    await page.getByLabel('Rechercher dans les documents').pressSequentially('rénovation', { delay: 30 });
    await expect.poll(() => page.locator('#search-status').textContent()).toBe('1 résultat');
    // Typing ten letters 30 ms apart is one pause: the debounce sends one search, not ten (a loaded
    // machine may let a keystroke lag past the pause, hence "fewer than one per letter").
    const queries = assistant.searches.map((s) => s.query);
    expect(queries.at(-1)).toBe('rénovation');
    expect(queries.length).toBeLessThan('rénovation'.length / 2);

    const result = page.locator('#results li').first();
    expect(await result.locator('h3').textContent()).toBe('Contrat de ville 2024-2030');
    expect(await result.locator('mark').allTextContents()).toEqual(['État', 'rénovation']);
    const link = result.getByRole('link', { name: /Ouvrir à la page 12/ });
    expect(await link.getAttribute('href')).toBe(`${origin}/documents/cdv-2024#page=12`);
    expect(await link.getAttribute('target')).toBe('_blank');

    // A new tab asks for the document; headless Chromium may show the PDF or download it.
    const [documentPage, opened] = await Promise.all([
      context.waitForEvent('page'),
      context.waitForEvent('response', (response) => response.url().startsWith(`${origin}/documents/`)),
      link.click(),
    ]);
    expect(opened.url()).toBe(`${origin}/documents/cdv-2024`);
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-type']).toBe('application/pdf');
    expect(opened.headers()['content-length']).toBe(String(DOCUMENT_BYTES.length));
    await documentPage.close();

    await result.getByRole('button', { name: 'Copier la citation' }).click();
    await expect.poll(() => result.getByRole('button').textContent()).toBe('Citation copiée');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(
      `« L’État mobilisera les crédits de la politique de la ville pour la rénovation urbaine des Prés Saint-Jean. » — Contrat de ville 2024-2030, p. 12, ${origin}/documents/cdv-2024#page=12, consulté le ${today()}`,
    );

    await page.getByRole('tab', { name: 'Engagements' }).click();
    await expect.poll(() => page.locator('#commitment-status').textContent()).toBe('3 engagements sur 3');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Exporter en CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('engagements.csv');
    const csv = readFileSync(await download.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(csv[0]).toBe(
      'partenaire;engagement;montant;montant (euros);quartiers;date;thème;document;page;lien',
    );
    expect(csv[1]).toMatch(new RegExp(`;12;${origin}/documents/cdv-2024#page=12$`));

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${origin}/agent/login`);
    await page.goto(`${origin}/agent`);
    expect(new URL(page.url()).pathname).toBe('/agent/login');

    // Both forms were really posted by Chromium, with the headers it chose, and passed.
    expect(formPosts).toEqual(['/agent/login', '/agent/logout']);
    expect(foreign).toEqual([]);
    await context.close();
  });

  it('shows the commitments with counts, fits a 320 px screen and passes axe', async () => {
    // The service's CSP forbids inline scripts, axe's included: only this test's page lifts it.
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page);

    await page.getByRole('tab', { name: 'Engagements' }).click();
    await expect.poll(() => page.locator('#commitment-status').textContent()).toBe('3 engagements sur 3');
    // Each row: partner, commitment, sum, neighbourhoods, date, theme, page link.
    const first = page.locator('#commitment-rows tr').first();
    expect(await first.locator('td').allTextContents()).toEqual([
      'État',
      'L’État mobilisera les crédits; pour la "rénovation" urbaine.',
      '52\u00a0M€',
      'Près Saint-Jean, Cévennes',
      '2024',
      'cadre de vie et renouvellement urbain',
      'Contrat de ville 2024-2030, p. 12 (nouvel onglet)',
    ]);
    await page.getByLabel('Quartier').selectOption('Cévennes');
    await expect.poll(() => page.locator('#commitment-status').textContent()).toBe('1 engagement sur 3');
    await page.getByLabel('Quartier').selectOption('');
    await page.getByLabel('Partenaire').selectOption('CAF');
    await expect.poll(() => page.locator('#commitment-status').textContent()).toBe('1 engagement sur 3');
    expect(await page.getByRole('link', { name: 'Exporter en CSV' }).getAttribute('href')).toBe(
      '/api/agent/commitments.csv?partner=CAF',
    );
    expect(await page.locator('#commitment-rows td[data-label="Montant"]').textContent()).toBe('—');
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

describe('over plain HTTP under a network name, where Chromium sends no Fetch Metadata', () => {
  it('signs in and out: the form pages keep their origin, so the posts carry it', async () => {
    const site = `http://citadoc.test:${portOf(server)}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    const posts: Record<string, string>[] = [];
    page.on('request', async (request) => {
      if (request.method() === 'POST') posts.push(await request.allHeaders());
    });
    await signIn(page, site);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${site}/agent/login`);
    expect(posts.map((headers) => [headers.origin, headers['sec-fetch-site']])).toEqual([
      [site, undefined],
      [site, undefined],
    ]);
    await context.close();
  });
});

describe('a page from another origin that posts the sign-in form', () => {
  it.each([
    ['another site', () => `http://localhost:${foreignPort}/`, () => origin],
    ['another port of the same host', () => `http://127.0.0.1:${foreignPort}/`, () => origin],
    [
      'another site, over plain HTTP',
      () => `http://evil.test:${foreignPort}/?target=http://citadoc.test:${portOf(server)}`,
      () => `http://citadoc.test:${portOf(server)}`,
    ],
  ])('is refused, and opens no session (%s)', async (_case, foreignUrl, target) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused = page.waitForResponse(`${target()}/agent/login`);
    await page.goto(foreignUrl());
    const response = await refused;
    expect(response.request().method()).toBe('POST');
    expect(response.status()).toBe(403);
    expect(await response.text()).toBe('Formulaire refusé : il doit être envoyé depuis la console.');
    expect(await context.cookies(target())).toEqual([]);
    await page.goto(`${target()}/agent`);
    expect(new URL(page.url()).pathname).toBe('/agent/login');
    await context.close();
  });
});
