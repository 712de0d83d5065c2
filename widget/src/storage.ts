/**
 * The conversation kept in the tab's sessionStorage, so a reload does not lose it, and nothing
 * outlives the tab. Only read once the resident opens the bubble; a corrupt or foreign entry is
 * dropped rather than trusted.
 */
import type { Citation, Contact, Message } from './types.ts';

export interface SavedConversation {
  conversationId?: string;
  messages: Message[];
}

const VERSION = 1;
/** Enough for a long session, small enough to stay far below the storage quota. */
const MAX_MESSAGES = 60;

export function storageKey(api: string): string {
  return `citadoc:v${VERSION}:${api}`;
}

export function serializeConversation(conversation: SavedConversation): string {
  return JSON.stringify({
    v: VERSION,
    conversationId: conversation.conversationId,
    messages: conversation.messages.slice(-MAX_MESSAGES),
  });
}

const isString = (v: unknown): v is string => typeof v === 'string';

function readCitation(value: unknown): Citation | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Record<string, unknown>;
  if (typeof c.n !== 'number' || !isString(c.title) || !isString(c.url) || !isString(c.excerpt))
    return undefined;
  return {
    n: c.n,
    source: isString(c.source) ? c.source : '',
    docId: isString(c.docId) ? c.docId : '',
    title: c.title,
    url: c.url,
    excerpt: c.excerpt,
    headingPath: Array.isArray(c.headingPath) ? c.headingPath.filter(isString) : [],
    ...(typeof c.page === 'number' ? { page: c.page } : {}),
    ...(isString(c.date) ? { date: c.date } : {}),
  };
}

function readContact(value: unknown): Contact | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Record<string, unknown>;
  if (!isString(c.name)) return undefined;
  return {
    name: c.name,
    ...(isString(c.url) ? { url: c.url } : {}),
    ...(isString(c.email) ? { email: c.email } : {}),
    ...(isString(c.phone) ? { phone: c.phone } : {}),
  };
}

function readMessage(value: unknown): Message | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (!isString(m.text)) return undefined;
  if (m.role === 'user' || m.role === 'error') return { role: m.role, text: m.text };
  if (m.role !== 'assistant' || !isString(m.answerId) || !Array.isArray(m.citations)) return undefined;
  const contact = readContact(m.contact);
  return {
    role: 'assistant',
    text: m.text,
    declined: m.declined === true,
    citations: m.citations.map(readCitation).filter((c): c is Citation => c !== undefined),
    ...(Array.isArray(m.related)
      ? { related: m.related.map(readCitation).filter((c): c is Citation => c !== undefined) }
      : {}),
    ...(contact ? { contact } : {}),
    answerId: m.answerId,
    ...(m.rating === 'up' || m.rating === 'down' ? { rating: m.rating } : {}),
  };
}

export function deserializeConversation(raw: string | null): SavedConversation {
  if (raw === null) return { messages: [] };
  try {
    const data = JSON.parse(raw) as Record<string, unknown>;
    if (data.v !== VERSION || !Array.isArray(data.messages)) return { messages: [] };
    const messages = data.messages.map(readMessage).filter((m): m is Message => m !== undefined);
    return { ...(isString(data.conversationId) ? { conversationId: data.conversationId } : {}), messages };
  } catch {
    return { messages: [] };
  }
}

/** sessionStorage may be missing or throw (privacy modes, sandboxed iframes): the chat still works. */
export function loadConversation(api: string): SavedConversation {
  try {
    return deserializeConversation(window.sessionStorage.getItem(storageKey(api)));
  } catch {
    return { messages: [] };
  }
}

export function saveConversation(api: string, conversation: SavedConversation): void {
  try {
    if (conversation.messages.length === 0) window.sessionStorage.removeItem(storageKey(api));
    else window.sessionStorage.setItem(storageKey(api), serializeConversation(conversation));
  } catch {
    // Quota or privacy mode: the conversation simply won't survive a reload.
  }
}
