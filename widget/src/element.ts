/**
 * `<citadoc-chat>`: the bubble and its non-modal dialog, in an open shadow root. It touches no
 * storage and makes no request until the resident first opens the bubble.
 */
import { copyText, speakableAnswer } from './answer-text.ts';
import { ask, sendFeedback } from './api.ts';
import { h, icon, srOnly } from './dom.ts';
import { ChatError, describeFailure } from './errors.ts';
import { ANNOUNCE_FROM_SHARE, describeCount, maxQuestionChars } from './limits.ts';
import { type MessageContext, renderContact, renderMessage, renderPending } from './messages.ts';
import { parseSettings, type WidgetSettings } from './settings.ts';
import { loadConversation, type SavedConversation, saveConversation } from './storage.ts';
import { widgetCss } from './styles.ts';
import type { Message, Rating } from './types.ts';

type AssistantMessage = Extract<Message, { role: 'assistant' }>;

/** How long "Copié" stays on the copy button. */
const COPIED_MS = 2000;
/** A pause between clearing and filling a live region, so the same text is announced again. */
const ANNOUNCE_DELAY_MS = 100;
/** How long typing must pause before the remaining count is spoken: not at every key. */
const COUNT_ANNOUNCE_DELAY_MS = 1000;
const SCROLL_MARGIN = 8;

function adoptStyles(root: ShadowRoot, css: string): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.append(h('style', {}, css));
  }
}

async function writeClipboard(text: string, root: ShadowRoot): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Older browsers and insecure contexts: the selection-based fallback.
    const area = h('textarea', { class: 'sr-only', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
    area.value = text;
    root.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) throw new Error('copy refused');
  }
}

export class CitadocChat extends HTMLElement {
  #settings: WidgetSettings | undefined;
  #shadow = this.attachShadow({ mode: 'open' });
  #state: SavedConversation = { messages: [] };
  #restored = false;
  #pending = false;
  /** Bumped by "Nouvelle conversation" so a late answer to the old one is dropped. */
  #generation = 0;
  /** One limit with the service: it writes its own into this script when serving it. */
  #maxChars = maxQuestionChars();
  #countTimer: ReturnType<typeof setTimeout> | undefined;
  #els: Record<
    | 'root'
    | 'bubble'
    | 'panel'
    | 'messages'
    | 'list'
    | 'form'
    | 'input'
    | 'send'
    | 'count'
    | 'announcer'
    | 'status',
    HTMLElement
  > = {} as never;

  /** Called by the loader with the `<script>` tag's settings, before the element is connected. */
  configure(settings: WidgetSettings): void {
    this.#settings = settings;
  }

  connectedCallback(): void {
    if (this.#els.root) return;
    if (!this.#settings) {
      const { settings, warnings } = parseSettings({ ...this.dataset }, document.baseURI);
      for (const warning of warnings) console.warn(`[citadoc] ${warning}`);
      this.#settings = settings;
    }
    adoptStyles(this.#shadow, widgetCss(this.#settings.accent));
    this.#build(this.#settings);
  }

  get #input(): HTMLTextAreaElement {
    return this.#els.input as HTMLTextAreaElement;
  }

  get #send(): HTMLButtonElement {
    return this.#els.send as HTMLButtonElement;
  }

  #build(s: WidgetSettings): void {
    const bubble = h(
      'button',
      { type: 'button', class: 'bubble', 'aria-expanded': 'false', 'aria-controls': 'citadoc-panel' },
      icon('chat'),
      h('span', {}, 'Poser une question'),
      srOnly(` – ${s.title}`),
    );
    const reset = h(
      'button',
      { type: 'button', class: 'tool' },
      icon('reset'),
      h('span', {}, 'Nouvelle conversation'),
    );
    const close = h('button', { type: 'button', class: 'tool' }, icon('close'), srOnly('Fermer l’assistant'));
    const examples = s.examples.map((q) => {
      const button = h('button', { type: 'button', class: 'example' }, q);
      button.addEventListener('click', () => {
        this.#input.focus();
        void this.#ask(q);
      });
      return h('li', {}, button);
    });
    const list = h('div', { class: 'list', 'data-role': 'list' });
    const messages = h(
      'div',
      // A log, but silent: new answers are spoken once by the announcer below, not re-read from here.
      { class: 'messages', role: 'log', 'aria-live': 'off', 'aria-label': 'Conversation', tabindex: '0' },
      h(
        'div',
        { class: 'intro' },
        h('p', {}, s.greeting),
        h('h3', { id: 'citadoc-examples' }, 'Exemples de questions'),
        h('ul', { class: 'examples', 'aria-labelledby': 'citadoc-examples' }, ...examples),
      ),
      list,
    );
    const input = h('textarea', {
      id: 'citadoc-input',
      name: 'question',
      rows: '2',
      // No maxlength: a pasted question would be cut silently. The counter says what is too much.
      'aria-describedby': 'citadoc-hint citadoc-count',
      autocomplete: 'off',
    });
    const count = h('p', { id: 'citadoc-count', class: 'count', 'data-role': 'count' });
    const send = h('button', { type: 'submit', class: 'send' }, 'Envoyer');
    const form = h(
      'form',
      { class: 'composer' },
      h('label', { for: 'citadoc-input' }, 'Votre question'),
      h('div', { class: 'row' }, input, send),
      count,
      h(
        'p',
        { id: 'citadoc-hint', class: 'hint' },
        'Entrée pour envoyer, Maj + Entrée pour aller à la ligne.',
      ),
    );
    const announcer = h('div', {
      class: 'sr-only',
      'aria-live': 'polite',
      'aria-atomic': 'true',
      'data-role': 'announcer',
    });
    const status = h('div', { class: 'sr-only', role: 'status', 'data-role': 'status' });
    const panel = h(
      'div',
      {
        id: 'citadoc-panel',
        class: 'panel',
        role: 'dialog',
        'aria-labelledby': 'citadoc-title',
        lang: 'fr',
        hidden: true,
      },
      h(
        'div',
        { class: 'head' },
        h('h2', { id: 'citadoc-title' }, s.title),
        h('div', { class: 'head-tools' }, reset, close),
      ),
      messages,
      form,
      announcer,
      status,
    );
    const root = h(
      'aside',
      { class: 'root', lang: 'fr', 'data-position': s.position, 'aria-label': s.title },
      bubble,
      panel,
    );
    this.#shadow.append(root);
    this.#els = { root, bubble, panel, messages, list, form, input, send, count, announcer, status };
    this.#updateCount(false);

    bubble.addEventListener('click', () => (panel.hidden ? this.open() : this.close()));
    close.addEventListener('click', () => this.close());
    reset.addEventListener('click', () => this.#reset());
    root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !panel.hidden) {
        event.preventDefault();
        this.close();
      }
    });
    input.addEventListener('input', () => this.#updateCount(true));
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#ask(this.#input.value);
    });
  }

  open(): void {
    const { panel, root, bubble } = this.#els;
    if (!this.#restored) {
      this.#restored = true;
      this.#state = loadConversation(this.#settings!.api);
      this.#renderAll();
    }
    panel.hidden = false;
    root.classList.add('open');
    bubble.setAttribute('aria-expanded', 'true');
    window.visualViewport?.addEventListener('resize', this.#fitViewport);
    window.visualViewport?.addEventListener('scroll', this.#fitViewport);
    this.#fitViewport();
    this.#input.focus();
    this.#scrollToEnd();
  }

  close(): void {
    const { panel, root, bubble } = this.#els;
    panel.hidden = true;
    root.classList.remove('open');
    bubble.setAttribute('aria-expanded', 'false');
    window.visualViewport?.removeEventListener('resize', this.#fitViewport);
    window.visualViewport?.removeEventListener('scroll', this.#fitViewport);
    bubble.focus();
  }

  /** On phones the panel follows the visual viewport, so the on-screen keyboard never hides the input. */
  #fitViewport = (): void => {
    const viewport = window.visualViewport;
    if (!viewport) return;
    const { style } = this.#els.panel;
    style.setProperty('--citadoc-vv-height', `${Math.round(viewport.height)}px`);
    style.setProperty('--citadoc-vv-top', `${Math.round(viewport.offsetTop)}px`);
  };

  #ctx(): MessageContext {
    return {
      api: this.#settings!.api,
      contact: this.#settings!.contact,
      onCopy: (message, button) => void this.#copy(message, button),
      onRate: (message, rating, buttons) => void this.#rate(message, rating, buttons),
    };
  }

  #renderAll(): void {
    const ctx = this.#ctx();
    this.#els.list.replaceChildren(...this.#state.messages.map((m) => renderMessage(m, ctx)));
  }

  /** Brings a turn's question to the top, so its answer is read from the start. */
  #scrollTo(question: HTMLElement): void {
    const { messages } = this.#els;
    messages.scrollTop +=
      question.getBoundingClientRect().top - messages.getBoundingClientRect().top - SCROLL_MARGIN;
  }

  #scrollToEnd(): void {
    const { messages } = this.#els;
    messages.scrollTop = messages.scrollHeight;
  }

  #save(): void {
    saveConversation(this.#settings!.api, {
      ...this.#state,
      messages: this.#state.messages.filter((m) => m.role !== 'error'),
    });
  }

  #say(region: 'announcer' | 'status', text: string): void {
    const el = this.#els[region];
    el.textContent = '';
    setTimeout(() => {
      el.textContent = text;
    }, ANNOUNCE_DELAY_MS);
  }

  #setBusy(busy: boolean): void {
    this.#pending = busy;
    this.#send.disabled = busy;
    this.#els.messages.setAttribute('aria-busy', String(busy));
  }

  /**
   * Shows what is left under the field; near or over the limit it is also spoken, once typing
   * pauses, so a screen reader user hears it without hearing every key.
   */
  #updateCount(typed: boolean): void {
    const length = this.#input.value.trim().length;
    const { text, over } = describeCount(length, this.#maxChars);
    const { count } = this.#els;
    count.textContent = text;
    count.classList.toggle('over', over);
    if (over) this.#input.setAttribute('aria-invalid', 'true');
    else this.#input.removeAttribute('aria-invalid');
    clearTimeout(this.#countTimer);
    if (typed && length >= this.#maxChars * ANNOUNCE_FROM_SHARE) {
      this.#countTimer = setTimeout(() => this.#say('status', text), COUNT_ANNOUNCE_DELAY_MS);
    }
  }

  async #ask(raw: string): Promise<void> {
    const question = raw.trim();
    if (!question || this.#pending) return;
    if (question.length > this.#maxChars) {
      // Refused here, where the resident can still shorten it, rather than by the service.
      this.#updateCount(false);
      this.#input.focus();
      this.#say(
        'status',
        `Votre question dépasse la limite de ${this.#maxChars} caractères : raccourcissez-la de ${
          question.length - this.#maxChars
        } caractère${question.length - this.#maxChars > 1 ? 's' : ''} avant de l'envoyer.`,
      );
      return;
    }
    const settings = this.#settings!;
    const generation = this.#generation;
    const ctx = this.#ctx();
    this.#setBusy(true);
    this.#input.value = '';
    this.#updateCount(false);
    const user: Message = { role: 'user', text: question };
    this.#state.messages.push(user);
    this.#save();
    const pending = renderPending();
    const asked = renderMessage(user, ctx);
    this.#els.list.append(asked, pending);
    this.#scrollToEnd();
    this.#say('status', 'Recherche en cours…');
    let reply: Exclude<Message, { role: 'user' }>;
    try {
      const response = await ask({
        api: settings.api,
        question,
        stream: settings.stream,
        ...(this.#state.conversationId ? { conversationId: this.#state.conversationId } : {}),
        onDelta: (text) => {
          if (generation !== this.#generation) return;
          pending.className = 'msg msg-bot streaming';
          pending.replaceChildren(text);
          this.#scrollToEnd();
        },
      });
      if (response.conversationId) this.#state.conversationId = response.conversationId;
      reply = {
        role: 'assistant',
        text: response.answer,
        declined: response.declined,
        citations: response.citations,
        ...(response.related?.length ? { related: response.related } : {}),
        ...(response.declined && response.contact ? { contact: response.contact } : {}),
        answerId: response.answerId,
      };
    } catch (error) {
      const failure = error instanceof ChatError ? error.failure : ({ kind: 'network' } as const);
      reply = { role: 'error', text: describeFailure(failure) };
    }
    if (generation !== this.#generation) return;
    this.#state.messages.push(reply);
    this.#save();
    pending.replaceWith(renderMessage(reply, ctx));
    this.#setBusy(false);
    this.#scrollTo(asked);
    // A decline's own contact is in its text; the host's is added where the service sent none.
    const contact = reply.role === 'error' || (reply.declined && !reply.contact) ? settings.contact : '';
    const spoken = [reply.role === 'assistant' ? speakableAnswer(reply.text) : reply.text];
    if (contact) spoken.push(renderContact(contact)?.textContent ?? '');
    this.#els.status.textContent = '';
    this.#say(reply.role === 'error' ? 'status' : 'announcer', spoken.join(' '));
  }

  #reset(): void {
    this.#generation++;
    this.#state = { messages: [] };
    this.#save();
    this.#els.list.replaceChildren();
    this.#els.announcer.textContent = '';
    this.#setBusy(false);
    this.#input.value = '';
    this.#updateCount(false);
    this.#input.focus();
    this.#say('status', 'Nouvelle conversation commencée.');
  }

  async #copy(message: AssistantMessage, button: HTMLButtonElement): Promise<void> {
    const label = button.querySelector('span');
    try {
      await writeClipboard(
        copyText(message.text, message.citations, this.#settings!.api, message.related),
        this.#shadow,
      );
    } catch {
      this.#say('status', 'La copie a échoué : sélectionnez le texte pour le copier.');
      return;
    }
    if (label) label.textContent = 'Copié';
    this.#say('status', 'Réponse copiée dans le presse-papiers.');
    setTimeout(() => {
      if (label) label.textContent = 'Copier la réponse';
    }, COPIED_MS);
  }

  async #rate(message: AssistantMessage, rating: Rating, buttons: HTMLButtonElement[]): Promise<void> {
    if (message.rating === rating) return;
    const previous = message.rating;
    message.rating = rating;
    const press = (value: Rating | undefined) => {
      buttons[0]?.setAttribute('aria-pressed', String(value === 'up'));
      buttons[1]?.setAttribute('aria-pressed', String(value === 'down'));
    };
    press(rating);
    this.#save();
    try {
      await sendFeedback(this.#settings!.api, message.answerId, rating);
      this.#say('status', 'Merci pour votre avis.');
    } catch {
      if (previous) message.rating = previous;
      else delete message.rating;
      press(previous);
      this.#save();
      this.#say('status', 'Votre avis n’a pas pu être envoyé. Réessayez plus tard.');
    }
  }
}
