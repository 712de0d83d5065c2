/**
 * YAML front matter of a Markdown file, read into the document's own metadata.
 *
 * Deliberately a lenient reader of flat `key: value` lines rather than a YAML parser: the corpus
 * holds values such as `publisher: ""Le Mag" de la Ville d'Alès"` (quotes inside quotes) that
 * strict YAML rejects, and losing a document's title and URL over a stray quote would cost the
 * citation more than reading the value as written.
 */
import type { DocumentMeta } from '../types.ts';

export interface FrontMatter {
  meta: Partial<DocumentMeta>;
  /** The text after the closing fence. */
  body: string;
  warnings: string[];
}

const FENCE = /^---[ \t]*$/;
const KEY_VALUE = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$/;
const STRING_KEYS = ['title', 'url', 'publisher', 'date', 'kind', 'note'] as const;
type StringKey = (typeof STRING_KEYS)[number];

/**
 * Splits `text` (already `\n`-normalised) into its front matter and body. A file without a fence on
 * its first line has no front matter; an unclosed fence is kept as body, with a warning.
 */
export function parseFrontMatter(text: string): FrontMatter {
  const lines = text.split('\n');
  if (!FENCE.test(lines[0] ?? '')) return { meta: {}, body: text, warnings: [] };
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (close < 0) {
    return { meta: {}, body: text, warnings: ["front matter sans '---' de fermeture : lu comme du texte"] };
  }
  const warnings: string[] = [];
  const meta: Partial<DocumentMeta> = {};
  for (const line of lines.slice(1, close)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = KEY_VALUE.exec(line);
    if (!match) {
      warnings.push(`front matter : ligne ignorée « ${line.trim()} »`);
      continue;
    }
    const key = match[1]!;
    const value = unquote(match[2]!.trim());
    if (key === 'excerpt') {
      if (value === 'true' || value === 'false') meta.excerpt = value === 'true';
      else warnings.push(`front matter : excerpt doit valoir true ou false, pas « ${value} »`);
    } else if (isStringKey(key)) {
      if (value !== '') meta[key] = value;
    }
    // Other keys (tags, lang…) are the author's business: ignored without a warning.
  }
  return { meta, body: lines.slice(close + 1).join('\n'), warnings };
}

function isStringKey(key: string): key is StringKey {
  return (STRING_KEYS as readonly string[]).includes(key);
}

/** Drops one pair of surrounding quotes; inner quotes stay as written (see the module header). */
function unquote(value: string): string {
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) {
    const inner = value.slice(1, -1);
    return first === '"' ? inner.replace(/\\(["\\])/g, '$1') : inner.replaceAll("''", "'");
  }
  // An unquoted value may end with a YAML comment.
  return value.replace(/\s+#.*$/, '');
}
