/**
 * Page helpers for the widget's browser tests: reach into `<citadoc-chat>`'s open shadow root,
 * follow focus across it, and record which origins a page talks to.
 */
import type { Page } from 'playwright-core';

export interface FocusedElement {
  tag: string;
  className: string;
  text: string;
  href: string | null;
  inWidget: boolean;
  outlineStyle: string;
  outlineWidth: number;
}

/** The element that really has focus, looking through shadow roots. */
export function focused(page: Page): Promise<FocusedElement | null> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    let inWidget = false;
    while (el?.shadowRoot?.activeElement) {
      inWidget ||= el.tagName === 'CITADOC-CHAT';
      el = el.shadowRoot.activeElement;
    }
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      className: el.getAttribute('class') ?? '',
      text: (el.textContent ?? '').trim(),
      href: el.getAttribute('href'),
      inWidget,
      outlineStyle: style.outlineStyle,
      outlineWidth: Number.parseFloat(style.outlineWidth),
    };
  });
}

/** Presses Tab (or Shift+Tab) until `match` holds; fails after `max` presses. */
export async function tabUntil(
  page: Page,
  match: (el: FocusedElement | null) => boolean,
  { max = 60, key = 'Tab' }: { max?: number; key?: string } = {},
): Promise<FocusedElement> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const el = await focused(page);
    if (el && match(el)) return el;
  }
  throw new Error(`focus never reached the element after ${max} presses of ${key}`);
}

/** Runs `fn` on the widget's shadow root in the page. */
export function inWidget<T>(page: Page, fn: (root: ShadowRoot) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(document.querySelector('citadoc-chat').shadowRoot)`) as Promise<T>;
}

/** Every request the page makes (not its popups), by origin. */
export function recordOrigins(page: Page): Set<string> {
  const origins = new Set<string>();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'http:' || url.protocol === 'https:') origins.add(url.origin);
  });
  return origins;
}

/** The `<head>` as the server sent it, next to the live one: the widget must not add anything. */
export function headSnapshot(page: Page): Promise<{ served: string[]; live: string[] }> {
  return page.evaluate(async () => {
    const html = await (await fetch(location.href)).text();
    const served = new DOMParser().parseFromString(html, 'text/html').head;
    const tags = (head: HTMLHeadElement) => [...head.children].map((el) => el.outerHTML);
    return { served: tags(served), live: tags(document.head) };
  });
}
