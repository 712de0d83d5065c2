/**
 * The script a host page embeds:
 * `<script src="https://<service>/widget.js" data-api="https://<service>" defer></script>`.
 * It reads its own `data-*` attributes, defines `<citadoc-chat>` and appends one to `<body>`.
 */
import { CitadocChat } from './element.ts';
import { parseSettings } from './settings.ts';

const TAG = 'citadoc-chat';

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  // Loaded another way (injected, async in some browsers): find our tag by its file name.
  return document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');
}

function mount(script: HTMLScriptElement | null): void {
  if (document.querySelector(TAG)) return;
  const { settings, warnings } = parseSettings({ ...script?.dataset }, script?.src || document.baseURI);
  for (const warning of warnings) console.warn(`[citadoc] ${warning}`);
  const element = document.createElement(TAG) as CitadocChat;
  element.configure(settings);
  document.body.append(element);
}

if (!customElements.get(TAG)) customElements.define(TAG, CitadocChat);
const script = findScript();
if (document.body) mount(script);
else document.addEventListener('DOMContentLoaded', () => mount(script), { once: true });
