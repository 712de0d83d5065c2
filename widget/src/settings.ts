/**
 * The widget's settings: the `data-*` attributes of its one `<script>` tag, each checked against a
 * table of defaults. A host that mistypes a value gets the default and a console warning, never a
 * broken widget.
 */
import { contrastRatio, parseHexColour } from './colour.ts';

export type Position = 'right' | 'left';

export interface WidgetSettings {
  /** Service origin (and optional path prefix), without a trailing slash. */
  api: string;
  title: string;
  greeting: string;
  position: Position;
  /** One to three example questions, shown as buttons. */
  examples: string[];
  /** Shown when the service declines or fails: plain text, or a URL / e-mail made into a link. */
  contact: string;
  /** Background of the bubble and primary buttons; white text sits on it. */
  accent: string;
  /** Stream answers over SSE; off falls back to the plain JSON route. */
  stream: boolean;
}

/** The raw attributes as `HTMLElement.dataset` gives them. */
export type RawSettings = Partial<Record<string, string | undefined>>;

export interface ParsedSettings {
  settings: WidgetSettings;
  warnings: string[];
}

const MAX_TEXT = 300;
const MAX_EXAMPLES = 3;
/** WCAG 1.4.3: white text on the accent must reach 4.5:1. */
const MIN_ACCENT_CONTRAST = 4.5;

export const DEFAULT_SETTINGS: Omit<WidgetSettings, 'api'> = {
  title: 'Assistant Contrat de ville',
  greeting:
    "Bonjour ! Posez votre question sur le Contrat de ville d'Alès Agglomération : je réponds en citant les documents publics.",
  position: 'right',
  examples: [
    'Quels sont les quartiers prioritaires à Alès ?',
    "Qu'est-ce que le Contrat de ville ?",
    'À quoi sert l’appel à projets ?',
  ],
  contact: '',
  accent: '#1d4ed8',
  stream: true,
};

type Check<T> = (raw: string) => T | undefined;

const text: Check<string> = (raw) => {
  const value = raw.trim();
  return value.length > 0 && value.length <= MAX_TEXT ? value : undefined;
};

const CHECKS: { [K in keyof typeof DEFAULT_SETTINGS]: Check<(typeof DEFAULT_SETTINGS)[K]> } = {
  title: text,
  greeting: text,
  position: (raw) => (raw === 'right' || raw === 'left' ? raw : undefined),
  examples: (raw) => {
    const list = raw
      .split('|')
      .map((q) => q.trim())
      .filter((q) => q.length > 0);
    const valid = list.length > 0 && list.length <= MAX_EXAMPLES && list.every((q) => q.length <= MAX_TEXT);
    return valid ? list : undefined;
  },
  contact: text,
  accent: (raw) => {
    const colour = parseHexColour(raw.trim());
    if (!colour) return undefined;
    return contrastRatio(colour, [255, 255, 255]) >= MIN_ACCENT_CONTRAST
      ? raw.trim().toLowerCase()
      : undefined;
  },
  stream: (raw) => (raw === 'true' ? true : raw === 'false' ? false : undefined),
};

/** Resolves `data-api` against the script's own URL; only http(s) services are accepted. */
function resolveApi(raw: string | undefined, scriptUrl: string, warnings: string[]): string {
  const fallback = new URL(scriptUrl).origin;
  if (raw === undefined || raw.trim() === '') return fallback;
  try {
    const url = new URL(raw.trim(), scriptUrl);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
    }
  } catch {
    // Falls through to the warning below.
  }
  warnings.push(`data-api="${raw}" n'est pas une adresse http(s) valide : ${fallback} est utilisé.`);
  return fallback;
}

/**
 * Reads the `data-*` attributes. `scriptUrl` is the script's `src` (the service serves widget.js,
 * so its origin is the default API).
 */
export function parseSettings(raw: RawSettings, scriptUrl: string): ParsedSettings {
  const warnings: string[] = [];
  const settings = { ...DEFAULT_SETTINGS, api: resolveApi(raw.api, scriptUrl, warnings) } as WidgetSettings;
  for (const key of Object.keys(CHECKS) as (keyof typeof CHECKS)[]) {
    const value = raw[key];
    if (value === undefined) continue;
    const checked = CHECKS[key](value);
    if (checked === undefined) {
      warnings.push(`data-${key}="${value}" est invalide : la valeur par défaut est utilisée.`);
    } else {
      (settings as unknown as Record<string, unknown>)[key] = checked;
    }
  }
  const known = new Set(['api', ...Object.keys(CHECKS)]);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) warnings.push(`data-${toKebab(key)} est inconnu : il est ignoré.`);
  }
  return { settings, warnings };
}

function toKebab(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export type ContactLink = { kind: 'link'; href: string; label: string } | { kind: 'text'; text: string };

/** Makes `data-contact` a link when it is a web address, an e-mail or a phone number. */
export function describeContact(contact: string): ContactLink {
  if (/^https?:\/\/\S+$/i.test(contact)) {
    return { kind: 'link', href: contact, label: contact.replace(/^https?:\/\//i, '').replace(/\/$/, '') };
  }
  if (/^mailto:\S+@\S+$/i.test(contact)) return { kind: 'link', href: contact, label: contact.slice(7) };
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact))
    return { kind: 'link', href: `mailto:${contact}`, label: contact };
  return { kind: 'text', text: contact };
}
