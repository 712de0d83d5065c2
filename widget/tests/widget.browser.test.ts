/**
 * The widget in real headless Chromium, against the real service on the default corpus: what a
 * resident sees and hears, with the mouse and with the keyboard alone, on a phone and on a host
 * page that tries to restyle it.
 */
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, BrowserContextOptions, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declineText } from '../../src/answer/answer.ts';
import { writeQuotedAnswer } from '../../src/answer/dated-figures.ts';
import { launchChromium } from '../../tests/browser/chromium.ts';
import { startWidgetService, type WidgetService } from '../../tests/browser/service.ts';
import { focused, headSnapshot, inWidget, recordOrigins, tabUntil } from '../../tests/browser/widget-page.ts';
import { buildWidget } from '../build.ts';

const QUESTION = 'Quels sont les quartiers prioritaires à Alès ?';
const ARTEFACTS = 'test-results';
const CHAT_ROUTE = /\/api\/chat(\/stream)?$/;
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let service: WidgetService;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await buildWidget();
  await mkdir(ARTEFACTS, { recursive: true });
  service = await startWidgetService();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  contexts.push(context);
  return context.newPage();
}

const bubble = (page: Page) => page.getByRole('button', { name: /^Poser une question/ });
const input = (page: Page) => page.getByRole('textbox', { name: 'Votre question' });
const answers = (page: Page) => page.locator('citadoc-chat [data-role=answer]');

async function openAndAsk(page: Page, question = QUESTION): Promise<void> {
  await bubble(page).click();
  await input(page).fill(question);
  await input(page).press('Enter');
  await answers(page).last().waitFor({ timeout: 60_000 });
}

/** Host pages the service does not have, served on its own origin by the browser itself. */
async function serveHostPage(page: Page, path: string, html: string): Promise<string> {
  const url = `${service.url}${path}`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  return url;
}

function hostPage(head: string, scriptAttributes = ''): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Hôte</title>${head}</head>
<body><main><h1>Site hôte</h1><p id="host-text">Texte du site.</p></main>
<script src="/widget.js" defer ${scriptAttributes}></script></body></html>`;
}

describe('the chat widget on the demo page', () => {
  describe('before the bubble is opened', () => {
    it('makes no request and touches no storage, and writes nothing into <head>', async () => {
      const page = await newPage();
      await page.addInitScript(() => {
        const calls: string[] = [];
        (window as unknown as { storageCalls: string[] }).storageCalls = calls;
        for (const name of ['getItem', 'setItem', 'removeItem', 'key', 'clear'] as const) {
          const original = Storage.prototype[name] as (...args: unknown[]) => unknown;
          Storage.prototype[name] = function (this: Storage, ...args: unknown[]) {
            calls.push(name);
            return original.apply(this, args);
          } as never;
        }
      });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      await page.goto(service.url);
      await bubble(page).waitFor();
      await page.waitForLoadState('networkidle');

      expect(requests).toEqual(['/', '/widget.js']);
      expect(
        await page.evaluate(() => (window as unknown as { storageCalls: string[] }).storageCalls),
      ).toEqual([]);
      const head = await headSnapshot(page);
      expect(head.live).toEqual(head.served);
      expect(await page.locator('citadoc-chat').count()).toBe(1);
    });
  });

  describe('with the mouse', () => {
    let page: Page;
    let origins: Set<string>;

    beforeAll(async () => {
      page = await newPage();
      origins = recordOrigins(page);
      await page.goto(service.url);
    });

    it('shows "Recherche en cours…" with the send button disabled, then the answer with citation cards', async () => {
      await page.route(CHAT_ROUTE, async (route: Route) => {
        await new Promise((resolve) => setTimeout(resolve, 800));
        await route.continue();
      });
      await bubble(page).click();
      await expect.poll(() => focused(page).then((el) => el?.tag)).toBe('textarea');
      await page.getByRole('button', { name: QUESTION }).click();

      const pending = page.locator('citadoc-chat [data-role=pending]');
      await pending.waitFor();
      expect(await pending.textContent()).toBe('Recherche en cours…');
      expect(await page.getByRole('button', { name: 'Envoyer' }).isDisabled()).toBe(true);

      const answer = answers(page).last();
      await answer.waitFor({ timeout: 60_000 });
      await page.unroute(CHAT_ROUTE);
      expect(await page.getByRole('button', { name: 'Envoyer' }).isDisabled()).toBe(false);
      expect(await answer.locator('.cite').count()).toBeGreaterThan(0);
      const cards = answer.locator('.card');
      expect(await cards.count()).toBeGreaterThan(0);
      expect(await cards.first().locator('.card-title').textContent()).toMatch(/^\[\d+\] \S/);
      await page.screenshot({ path: `${ARTEFACTS}/widget-1280.png` });
    });

    it('announces the new answer once, in its own live region, without the history', async () => {
      const answerText = await answers(page).last().locator('p').first().textContent();
      await expect
        .poll(() => inWidget(page, (root) => root.querySelector('[data-role=announcer]')?.textContent ?? ''))
        .not.toBe('');
      const announced = await inWidget(page, (root) => ({
        text: root.querySelector('[data-role=announcer]')?.textContent ?? '',
        logLive: root.querySelector('[role=log]')?.getAttribute('aria-live'),
        liveRegions: [...root.querySelectorAll('[aria-live=polite]')].length,
      }));
      expect(announced.logLive).toBe('off');
      expect(announced.liveRegions).toBe(1);
      expect(announced.text.length).toBeGreaterThan(0);
      expect(announced.text).not.toContain(QUESTION);
      expect(announced.text).not.toMatch(/\[\d+\]/);
      expect(
        announced.text.startsWith(
          (answerText ?? '')
            .replace(/\s*\[\d+\]/g, '')
            .slice(0, 30)
            .trim(),
        ),
      ).toBe(true);
    });

    it('links each citation to its document, in a new tab that says so', async () => {
      const links = answers(page).last().locator('.card a');
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      // A PDF passage links to its page; prefer one when the answer cites it.
      const index = Math.max(
        0,
        hrefs.findIndex((href) => /#page=\d+$/.test(href)),
      );
      const link = links.nth(index);
      const href = hrefs[index] ?? '';
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toContain('noopener');
      const name = await link.evaluate((a) => a.textContent ?? '');
      expect(name).toMatch(
        /^Ouvrir le document( à la page \d+| au passage cité)? \(s’ouvre dans un nouvel onglet\)$/,
      );
      if (href.startsWith(`${service.url}/documents/`)) {
        expect(href).toMatch(/\/documents\/[^#/?]+(#page=\d+|\?passage=\d+-\d+#passage)?$/);
        if (name.includes('à la page')) expect(href).toMatch(/#page=\d+$/);
        if (name.includes('au passage cité')) expect(href).toMatch(/\?passage=\d+-\d+#passage$/);
        const [popup] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
        expect(popup.url()).toBe(href);
        const file = await page.context().request.get(href);
        expect(file.status()).toBe(200);
        await popup.close();
      } else {
        // A web passage: its source address, which this test does not visit (no third-party request).
        expect(href).toMatch(/^https?:\/\/[^/]+\//);
      }
    });

    it('sends a thumbs-up as feedback and shows it pressed', async () => {
      const up = answers(page).last().getByRole('button', { name: 'Réponse utile' });
      expect(await up.getAttribute('aria-pressed')).toBe('false');
      const [response] = await Promise.all([page.waitForResponse('**/api/feedback'), up.click()]);
      expect(response.status()).toBe(204);
      expect(response.request().postDataJSON()).toMatchObject({ rating: 'up' });
      expect(await up.getAttribute('aria-pressed')).toBe('true');
    });

    it('copies the answer with its sources and says "Copié"', async () => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.url });
      const copy = answers(page).last().getByRole('button', { name: 'Copier la réponse' });
      await copy.click();
      await answers(page).last().getByRole('button', { name: 'Copié' }).waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toMatch(/\n\nSources :\n\[\d+\] /);
    });

    it('restores the conversation after a reload, once the bubble is opened, and goes on with it', async () => {
      const before = await answers(page).count();
      const stored = await page.evaluate(() => Object.values(sessionStorage)[0] ?? '');
      const conversationId = (JSON.parse(stored) as { conversationId: string }).conversationId;
      await page.reload();
      await bubble(page).waitFor();
      expect(await answers(page).count()).toBe(0);
      await bubble(page).click();
      expect(await answers(page).count()).toBe(before);
      const [request] = await Promise.all([
        page.waitForRequest(CHAT_ROUTE),
        input(page)
          .fill('Et qui finance ces actions ?')
          .then(() => input(page).press('Enter')),
      ]);
      expect(request.postDataJSON()).toEqual({ question: 'Et qui finance ces actions ?', conversationId });
      await expect.poll(() => answers(page).count(), { timeout: 60_000 }).toBe(before + 1);
    });

    it('starts afresh with "Nouvelle conversation"', async () => {
      await page.getByRole('button', { name: 'Nouvelle conversation' }).click();
      expect(await page.locator('citadoc-chat .msg').count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      expect((await focused(page))?.tag).toBe('textarea');
    });

    it('talks to no origin but the service', () => {
      expect([...origins]).toEqual([service.url]);
    });
  });

  describe('with the keyboard alone', () => {
    let page: Page;

    beforeAll(async () => {
      // The service's CSP (script-src 'self') would refuse the injected axe-core script.
      page = await newPage({ bypassCSP: true });
      await page.goto(service.url);
      await bubble(page).waitFor();
    });

    it('opens with Enter, asks with Enter and reaches the citation link with Tab, focus always visible', async () => {
      const onBubble = await tabUntil(page, (el) => el?.className === 'bubble');
      expect(onBubble.outlineStyle).toBe('solid');
      expect(onBubble.outlineWidth).toBeGreaterThanOrEqual(2);
      await page.keyboard.press('Enter');
      expect((await focused(page))?.tag).toBe('textarea');
      await page.keyboard.type(QUESTION);
      await page.keyboard.press('Enter');
      await answers(page).last().waitFor({ timeout: 60_000 });

      const link = await tabUntil(page, (el) => el?.tag === 'a' && el.text.startsWith('Ouvrir le document'));
      expect(link.inWidget).toBe(true);
      expect(link.outlineStyle).toBe('solid');
      expect(link.outlineWidth).toBeGreaterThanOrEqual(2);
      expect(link.href).toMatch(new RegExp(`^(${service.url}/documents/[^#]+#page=\\d+|https?://.+)$`));
    });

    it('passes an axe-core audit with the panel open and an answer shown', async () => {
      await page.addScriptTag({ path: AXE_PATH });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
        const result = await axe.run();
        return result.violations.map((v) => {
          const { id, nodes } = v as { id: string; nodes: { target: unknown }[] };
          return { id, targets: nodes.map((n) => n.target) };
        });
      });
      expect(violations).toEqual([]);
    });

    it('lets focus leave the panel with Shift+Tab (no trap) and closes with Escape, back on the bubble', async () => {
      await page.getByRole('textbox', { name: 'Votre question' }).focus();
      await tabUntil(page, (el) => el?.className === 'bubble', { key: 'Shift+Tab' });
      await page.getByRole('textbox', { name: 'Votre question' }).focus();
      await page.keyboard.press('Escape');
      expect(await page.getByRole('dialog').isVisible()).toBe(false);
      const el = await focused(page);
      expect(el?.className).toBe('bubble');
      expect(await bubble(page).getAttribute('aria-expanded')).toBe('false');
    });
  });

  describe('on a phone', () => {
    it('fills the screen at 375 px, fits 320 px without horizontal scrolling, and 200 % zoom', async () => {
      const page = await newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
      await page.goto(service.url);
      await openAndAsk(page);
      // Measured once the panel's opening transition has ended (on a loaded machine it may still be
      // moving when the answer arrives): within half a pixel of the whole screen.
      const dialog = page.getByRole('dialog');
      await expect
        .poll(async () => Math.abs((await dialog.boundingBox())?.y ?? 99), { timeout: 5_000 })
        .toBeLessThan(0.5);
      const box = await dialog.boundingBox();
      for (const [key, value] of Object.entries({ x: 0, y: 0, width: 375, height: 740 })) {
        expect(box?.[key as keyof typeof box], key).toBeCloseTo(value, 0);
      }
      await page.screenshot({ path: `${ARTEFACTS}/widget-375.png` });

      await page.setViewportSize({ width: 320, height: 568 });
      const measureFit = () =>
        inWidget(page, (root) => {
          const messages = root.querySelector('.messages') as HTMLElement;
          const send = root.querySelector('.send') as HTMLElement;
          return {
            overflow: messages.scrollWidth - messages.clientWidth,
            sendRight: send.getBoundingClientRect().right,
          };
        });
      await expect.poll(async () => (await measureFit()).sendRight).toBeLessThanOrEqual(320);
      expect((await measureFit()).overflow).toBeLessThanOrEqual(0);

      // A 1280 × 800 laptop at 200 % zoom: too short for the floating panel, so it fills the screen too.
      await page.setViewportSize({ width: 640, height: 400 });
      // Polled: the resize reaches the layout a frame or two after setViewportSize returns.
      await expect
        .poll(() => page.getByRole('dialog').boundingBox())
        .toEqual({ x: 0, y: 0, width: 640, height: 400 });
      expect(await page.getByRole('button', { name: 'Envoyer' }).isVisible()).toBe(true);
    });
  });

  describe('on a host page with hostile CSS', () => {
    it("keeps the widget's font sizes and colours, and leaves the page's own styles alone", async () => {
      const sample = async (page: Page) => {
        await bubble(page).click();
        return inWidget(page, (root) => {
          const pick = (selector: string) => {
            const style = getComputedStyle(root.querySelector(selector) as Element);
            return [
              style.fontSize,
              style.color,
              style.backgroundColor,
              style.fontFamily,
              style.lineHeight,
              style.textShadow,
              style.textIndent,
            ].join(' | ');
          };
          return ['.bubble', '.bubble span', 'h2', 'textarea', '.intro p', '.example', '.send'].map(pick);
        });
      };
      const plain = await newPage();
      await plain.goto(service.url);
      const expected = await sample(plain);
      expect(expected[0]).toMatch(/^16px \| rgb\(255, 255, 255\) \| rgb\(29, 78, 216\) \| /);

      const page = await newPage();
      const url = await serveHostPage(
        page,
        '/hostile.html',
        hostPage(
          '<style>* { font-size: 40px !important; color: red !important; font-family: serif !important; background: yellow !important; line-height: 5 !important; text-shadow: 2px 2px red !important; text-indent: 3em !important; visibility: visible !important }</style>',
        ),
      );
      await page.goto(url);
      expect(await sample(page)).toEqual(expected);
      expect(await page.getByRole('dialog').getAttribute('lang')).toBe('fr');
      expect(await page.locator('#host-text').evaluate((p) => getComputedStyle(p).fontSize)).toBe('40px');
      const head = await headSnapshot(page);
      expect(head.live).toEqual(head.served);
    });

    it('takes its colours from the custom properties a host sets on citadoc-chat', async () => {
      const page = await newPage();
      const url = await serveHostPage(
        page,
        '/themed.html',
        hostPage('<style>citadoc-chat { --citadoc-accent: #0b5a2a; }</style>'),
      );
      await page.goto(url);
      expect(await bubble(page).evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(11, 90, 42)');
    });
  });

  describe('when the service fails', () => {
    let page: Page;

    beforeAll(async () => {
      page = await newPage();
      const url = await serveHostPage(
        page,
        '/contact.html',
        hostPage('', 'data-contact="politique.ville@ales.fr" data-stream="false"'),
      );
      await page.goto(url);
      await bubble(page).click();
    });

    const askWith = async (handler: (route: Route) => Promise<void>) => {
      await page.route(CHAT_ROUTE, handler);
      await input(page).fill('Une question ?');
      await input(page).press('Enter');
      const error = page.locator('citadoc-chat [data-role=error]').last();
      await expect.poll(() => page.locator('citadoc-chat [data-role=error]').count()).toBeGreaterThan(0);
      await page.unroute(CHAT_ROUTE);
      const text = (await error.textContent()) ?? '';
      await page.getByRole('button', { name: 'Nouvelle conversation' }).click();
      return text;
    };

    it('asks to wait the Retry-After seconds after a 429', async () => {
      const text = await askWith((route) =>
        route.fulfill({
          status: 429,
          headers: { 'Retry-After': '12' },
          json: { error: { code: 'rate_limited', message: 'Too many' } },
        }),
      );
      expect(text).toContain(
        'Vous avez posé beaucoup de questions en peu de temps. Réessayez dans 12 secondes.',
      );
      expect(text).toContain('Pour aller plus loin : politique.ville@ales.fr');
    });

    it('says the service is starting on a 503', async () => {
      const text = await askWith((route) =>
        route.fulfill({
          status: 503,
          json: { error: { code: 'starting', message: 'Index en chargement.' } },
        }),
      );
      expect(text).toContain('Le service démarre. Réessayez dans quelques instants.');
    });

    it('says the service is unreachable when the network fails', async () => {
      const text = await askWith((route) => route.abort('internetdisconnected'));
      expect(text).toContain('Le service est injoignable.');
    });

    it("shows the server's French message for other errors", async () => {
      const text = await askWith((route) =>
        route.fulfill({
          status: 400,
          json: { error: { code: 'invalid_question', message: 'La question est trop longue.' } },
        }),
      );
      expect(text).toContain('La question est trop longue.');
    });
  });

  describe('when the answer comes with further reading', () => {
    it('lists the passages it quotes under "Sources" and the others under "À lire aussi"', async () => {
      const page = await newPage();
      const card = (n: number, title: string) => ({
        n,
        source: `${title}.md`,
        docId: title,
        title,
        url: `https://ales.fr/${title}`,
        excerpt: `Passage de ${title}.`,
        headingPath: [],
      });
      await page.route(CHAT_ROUTE, (route) =>
        route.fulfill({
          json: {
            answer: 'Le contrat de ville a été signé le 6 juillet 2015. [2]',
            declined: false,
            kind: 'answer',
            citations: [card(1, 'avenant'), card(2, 'contrat'), card(3, 'bilan')],
            conversationId: '6f1c3a52-0d4b-4e8e-9a57-8d2f4c1b0a11',
            answerId: '0b9e2f7d-3c41-4a8a-b6de-1f5a7c9e2d34',
          },
        }),
      );
      await page.goto(service.url);
      await openAndAsk(page, 'Quand le contrat de ville a-t-il été signé ?');
      const answer = answers(page).last();
      const titles = await answer.locator('.sources-title').allTextContents();
      expect(titles).toEqual(['Sources', 'À lire aussi']);
      const lists = answer.locator('ol.sources');
      expect(await lists.nth(0).locator('.card-title').allTextContents()).toEqual(['[2] contrat']);
      expect(await lists.nth(1).locator('.card-title').allTextContents()).toEqual([
        '[1] avenant',
        '[3] bilan',
      ]);
    });
  });

  describe('when figures come from documents of different dates', () => {
    it('lists each figure with its document’s date, most recent first, on its card and in the copy', async () => {
      const page = await newPage();
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.url });
      const card = (n: number, title: string, date: string) => ({
        n,
        source: `${title}.md`,
        docId: title,
        title,
        url: `/documents/${title}?passage=0-40#passage`,
        excerpt: `Passage de ${title}.`,
        headingPath: [],
        date,
      });
      const citations = [card(1, 'reunion', '2021-03'), card(2, 'avenant', '2024-06-12')];
      const text = writeQuotedAnswer([
        { text: 'Le projet prévoit de démolir 310 logements sociaux.', n: 1, date: '2021-03' },
        {
          text: 'Avec l’avenant, le projet prévoit de démolir 286 logements sociaux.',
          n: 2,
          date: '2024-06-12',
        },
      ]);
      await page.route(CHAT_ROUTE, (route) =>
        route.fulfill({
          json: {
            answer: text,
            declined: false,
            kind: 'answer',
            citations,
            related: [],
            conversationId: '6f1c3a52-0d4b-4e8e-9a57-8d2f4c1b0a11',
            answerId: '0b9e2f7d-3c41-4a8a-b6de-1f5a7c9e2d36',
          },
        }),
      );
      await page.goto(service.url);
      await openAndAsk(page, 'Combien de logements vont être démolis ?');
      const answer = answers(page).last();
      expect(await answer.locator('p').first().textContent()).toBe(
        'Ces chiffres viennent de documents de dates différentes, du plus récent au plus ancien :',
      );
      const items = answer.locator('ul > li');
      expect(await items.allTextContents()).toEqual([
        'Document du 12 juin 2024 : « Avec l’avenant, le projet prévoit de démolir 286 logements sociaux. » [2]',
        'Document de mars 2021 : « Le projet prévoit de démolir 310 logements sociaux. » [1]',
      ]);
      // Each figure's marker is a button to its card, and the card says its date too.
      await items.nth(0).getByRole('button', { name: 'Voir la source 2' }).click();
      await expect.poll(() => focused(page).then((el) => el?.text ?? '')).toContain('[2] avenant');
      expect(await answer.locator('.card[data-n="2"] .card-meta').textContent()).toBe(
        'Document du 12 juin 2024',
      );
      expect(await answer.locator('.card[data-n="1"] .card-meta').textContent()).toBe(
        'Document de mars 2021',
      );

      await page.screenshot({ path: `${ARTEFACTS}/widget-dated-figures.png` });
      await answer.getByRole('button', { name: 'Copier la réponse' }).click();
      await answer.getByRole('button', { name: 'Copié' }).waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain(
        '- Document du 12 juin 2024 : « Avec l’avenant, le projet prévoit de démolir 286 logements sociaux. » [2]\n' +
          '- Document de mars 2021 : « Le projet prévoit de démolir 310 logements sociaux. » [1]',
      );
      expect(copied).toContain('[2] avenant, Document du 12 juin 2024 : ');
    });
  });

  describe('when the documents do not answer', () => {
    it('shows the declined answer with the host’s contact', async () => {
      const page = await newPage();
      const url = await serveHostPage(
        page,
        '/declined.html',
        hostPage('', 'data-contact="politique.ville@ales.fr"'),
      );
      await page.route(CHAT_ROUTE, (route) =>
        route.fulfill({
          json: {
            answer:
              'Les documents ne répondent pas à cette question. Adressez-vous au service Politique de la ville.',
            declined: true,
            kind: 'declined',
            citations: [],
            conversationId: '6f1c3a52-0d4b-4e8e-9a57-8d2f4c1b0a11',
            answerId: '0b9e2f7d-3c41-4a8a-b6de-1f5a7c9e2d33',
          },
        }),
      );
      await page.goto(url);
      await openAndAsk(page, 'Quel temps fera-t-il demain ?');
      const answer = answers(page).last();
      expect(await answer.textContent()).toContain('Les documents ne répondent pas à cette question.');
      const contact = answer.getByRole('link', { name: /politique\.ville@ales\.fr/ });
      expect(await contact.getAttribute('href')).toBe('mailto:politique.ville@ales.fr');
      expect(await answer.locator('.card').count()).toBe(0);
    });

    it('links the contact the decline carries: its web page, e-mail and phone, reachable with Tab', async () => {
      const contact = {
        name: 'Mairie de Rivebelle',
        url: 'https://rivebelle.example/contact',
        email: 'politique.ville@rivebelle.example',
        phone: '04 00 00 00 00',
      };
      const page = await newPage({ bypassCSP: true });
      // The host's own contact gives way to the one the service sends.
      const url = await serveHostPage(
        page,
        '/declined-contact.html',
        hostPage('', 'data-contact="hote@ales.fr"'),
      );
      await page.route(CHAT_ROUTE, (route) =>
        route.fulfill({
          json: {
            answer: declineText(contact),
            declined: true,
            kind: 'declined',
            citations: [],
            related: [],
            contact,
            conversationId: '6f1c3a52-0d4b-4e8e-9a57-8d2f4c1b0a11',
            answerId: '0b9e2f7d-3c41-4a8a-b6de-1f5a7c9e2d37',
          },
        }),
      );
      await page.goto(url);
      await openAndAsk(page, 'Quelle est la météo demain ?');
      const answer = answers(page).last();
      expect(await answer.textContent()).toContain(
        'Je réponds seulement aux questions sur le Contrat de ville',
      );
      expect(await answer.textContent()).not.toContain('hote@ales.fr');

      const site = answer.getByRole('link', {
        name: 'https://rivebelle.example/contact (s’ouvre dans un nouvel onglet)',
      });
      expect(await site.getAttribute('href')).toBe(contact.url);
      expect(await site.getAttribute('target')).toBe('_blank');
      const mail = answer.getByRole('link', { name: contact.email, exact: true });
      expect(await mail.getAttribute('href')).toBe(`mailto:${contact.email}`);
      const phone = answer.getByRole('link', { name: contact.phone, exact: true });
      expect(await phone.getAttribute('href')).toBe('tel:0400000000');
      expect(await answer.locator('.card').count()).toBe(0);

      await page.screenshot({ path: `${ARTEFACTS}/widget-decline-contact.png` });
      await input(page).focus();
      const reached = await tabUntil(page, (el) => el?.href === contact.url, { key: 'Shift+Tab' });
      expect(reached).toMatchObject({ tag: 'a', inWidget: true });
      expect(reached.outlineStyle).not.toBe('none');

      await page.addScriptTag({ path: AXE_PATH });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
        return (await axe.run()).violations.map((v) => v.id);
      });
      expect(violations).toEqual([]);
    });

    it('offers a related document apart, unnumbered, and passes an axe-core audit', async () => {
      const page = await newPage({ bypassCSP: true });
      await page.route(CHAT_ROUTE, (route) =>
        route.fulfill({
          json: {
            answer: "Je n'ai pas trouvé la réponse dans les documents dont je dispose.",
            declined: true,
            kind: 'declined',
            citations: [],
            related: [
              {
                n: 1,
                source: 'contrat.md',
                docId: 'contrat',
                title: 'Contrat de ville – Alès Agglomération',
                url: 'https://ales.fr/contrat-de-ville',
                excerpt: 'Le contrat de ville engage les partenaires pour les quartiers prioritaires.',
                headingPath: [],
              },
            ],
            conversationId: '6f1c3a52-0d4b-4e8e-9a57-8d2f4c1b0a11',
            answerId: '0b9e2f7d-3c41-4a8a-b6de-1f5a7c9e2d35',
          },
        }),
      );
      await page.goto(service.url);
      await openAndAsk(page, 'Le contrat, il change quoi pour mon quartier ?');
      const answer = answers(page).last();
      expect(await answer.locator('.sources-title').allTextContents()).toEqual(['Un document à consulter']);
      expect(await answer.locator('.related-note').textContent()).toBe(
        'Il aborde votre question, sans y répondre avec certitude.',
      );
      expect(await answer.locator('.card-title').allTextContents()).toEqual([
        'Contrat de ville – Alès Agglomération',
      ]);
      expect(await answer.locator('.cite').count()).toBe(0);
      await page.screenshot({ path: `${ARTEFACTS}/widget-related.png` });
      await page.addScriptTag({ path: AXE_PATH });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
        return (await axe.run()).violations.map((v) => v.id);
      });
      expect(violations).toEqual([]);
    });
  });

  describe('with prefers-reduced-motion', () => {
    it('opens the panel without animation', async () => {
      const page = await newPage({ reducedMotion: 'reduce' });
      await page.goto(service.url);
      await bubble(page).click();
      expect(
        await inWidget(page, (root) => getComputedStyle(root.querySelector('.panel')!).animationName),
      ).toBe('none');
      const moving = await newPage();
      await moving.goto(service.url);
      await bubble(moving).click();
      expect(
        await inWidget(moving, (root) => getComputedStyle(root.querySelector('.panel')!).animationName),
      ).toBe('citadoc-in');
    });
  });
});
