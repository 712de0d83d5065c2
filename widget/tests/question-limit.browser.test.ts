/**
 * One question limit for the widget and the service: the service writes its MAX_QUESTION_CHARS into
 * the widget.js it serves, and the widget tells the resident, before sending, how much is left or too
 * much (visibly, and spoken once typing pauses near the limit). Real Chromium, real service (with
 * the HTTP tests' small fake assistant, so no index is built), a limit of 60 to keep it short.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.ts';
import { launchChromium } from '../../tests/browser/chromium.ts';
import { inWidget } from '../../tests/browser/widget-page.ts';
import { createFakeAssistant } from '../../tests/http/helpers.ts';
import { buildWidget } from '../build.ts';

const LIMIT = 60;
const QUESTION = 'Quand la refonte des contrats de ville entre-t-elle en vigueur';

let service: RunningServer;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  await buildWidget();
  dataDir = await mkdtemp(join(tmpdir(), 'citadoc-limit-'));
  service = await startServer(
    { port: 0, rateLimitPerMinute: 0, logLevel: 'warn', maxQuestionChars: LIMIT, dataDir },
    { assistant: createFakeAssistant() },
  );
  await service.loaded;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function openWidget(): Promise<{ page: Page; chats: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const chats: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/chat/.test(r.url())) chats.push(r.postData() ?? '');
  });
  await page.goto(service.url);
  await page.getByRole('button', { name: /^Poser une question/ }).click();
  return { page, chats };
}

const input = (page: Page) => page.getByRole('textbox', { name: 'Votre question' });
const counter = (page: Page) =>
  inWidget(page, (root) => root.querySelector('[data-role=count]')?.textContent ?? '');
const status = (page: Page) =>
  inWidget(page, (root) => root.querySelector('[data-role=status]')?.textContent ?? '');

describe('the question limit', () => {
  it('is the one the service is configured with, written into the widget.js it serves', async () => {
    const script = await (await fetch(`${service.url}/widget.js`)).text();
    expect(script).not.toContain('__CITADOC_MAX_QUESTION_CHARS__');
    expect(script).toContain(`"${LIMIT}"`);
  });

  it('is announced before sending: a counter tied to the field', async () => {
    const { page } = await openWidget();
    expect(await counter(page)).toBe(`Il vous reste ${LIMIT} caractères sur ${LIMIT}.`);
    expect(await input(page).getAttribute('aria-describedby')).toContain('citadoc-count');
    expect(await input(page).getAttribute('maxlength')).toBeNull();
    await input(page).fill('Bonjour');
    expect(await counter(page)).toBe(`Il vous reste ${LIMIT - 7} caractères sur ${LIMIT}.`);
  });

  it('is spoken once typing pauses near the limit, not at every key', async () => {
    const { page } = await openWidget();
    await input(page).fill(QUESTION.slice(0, 50));
    await input(page).press('End');
    await page.keyboard.type(' abcd');
    expect(await status(page)).toBe('');
    await expect
      .poll(() => status(page), { timeout: 5_000 })
      .toBe(`Il vous reste 5 caractères sur ${LIMIT}.`);
  });

  describe('when the question is too long', () => {
    it('says by how much, marks the field invalid, and sends nothing', async () => {
      const { page, chats } = await openWidget();
      const tooLong = `${QUESTION} et pourquoi ?`;
      await input(page).fill(tooLong);
      const over = tooLong.length - LIMIT;
      expect(await counter(page)).toBe(
        `${over} caractères en trop : raccourcissez votre question (${LIMIT} caractères au plus).`,
      );
      expect(await input(page).getAttribute('aria-invalid')).toBe('true');

      await input(page).press('Enter');
      await expect
        .poll(() => status(page))
        .toBe(
          `Votre question dépasse la limite de ${LIMIT} caractères : raccourcissez-la de ${over} caractères avant de l'envoyer.`,
        );
      expect(await input(page).inputValue()).toBe(tooLong);
      expect(chats).toEqual([]);
    });
  });

  describe('when the question is exactly at the limit', () => {
    it('is sent and answered (the service accepts what the widget accepts)', async () => {
      const { page, chats } = await openWidget();
      const atLimit = `${QUESTION} ?`.padEnd(LIMIT, '?').slice(0, LIMIT);
      expect(atLimit.length).toBe(LIMIT);
      await input(page).fill(atLimit);
      expect(await counter(page)).toBe(`Il vous reste 0 caractère sur ${LIMIT}.`);
      await input(page).press('Enter');
      await page.locator('citadoc-chat [data-role=answer]').waitFor({ timeout: 30_000 });
      expect(chats).toHaveLength(1);
      expect(await page.locator('citadoc-chat [data-role=error]').count()).toBe(0);
      expect(await counter(page)).toBe(`Il vous reste ${LIMIT} caractères sur ${LIMIT}.`);
    });
  });
});
