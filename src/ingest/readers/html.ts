/**
 * HTML reader: a saved web page (a city page, a prefecture notice) into the same blocks as Markdown.
 *
 * Only what a resident reads counts: navigation, banners, footers, side columns, scripts and styles
 * are dropped, and when the page marks its `<main>` content only that is read. Headings h1–h6 give
 * the heading path; paragraphs, list items and table rows become blocks. parse5 parses as browsers
 * do, so broken markup and entities come out as a browser would show them.
 */
import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { type Block, type DocumentMeta, ReadError, type ReadResult, type TableCell } from '../types.ts';
import { assertNotEmpty, cleanSpaces, joinLines, tableRowCells, tableRowText } from './text.ts';
import { cleanWebBlocks } from './web-residue.ts';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** Page furniture, not content. */
const SKIPPED_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'iframe',
  'svg',
  'head',
]);
const SKIPPED_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);
/** Elements that end the running paragraph; anything else is inline and adds to it. */
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'figure',
  'figcaption',
  'address',
  'details',
  'summary',
  'hr',
  'body',
  'html',
]);
const HEADING = /^h([1-6])$/;
/** A table holding these is a layout grid, read as ordinary content rather than as rows. */
const LAYOUT_CONTENT = new Set(['table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol']);
/** Stands for `<br>` in the running text; text nodes never keep a raw newline (see `appendText`). */
const LINE_BREAK = '\n';

export function readHtml(text: string): ReadResult {
  assertNotEmpty(text);
  const document = parse(text);
  const html = children(document).find(isElement);
  const body = html && children(html).find((n) => isElement(n) && n.tagName === 'body');
  const head = html && children(html).find((n) => isElement(n) && n.tagName === 'head');

  const reader = new BlockCollector();
  const root = body && isElement(body) ? (findMain(body) ?? body) : undefined;
  if (root) reader.walk(root);
  reader.flush();
  if (reader.blocks.length === 0) throw new ReadError('empty', 'la page ne contient aucun texte lisible');

  const meta = head && isElement(head) ? readHeadMeta(head) : {};
  if (meta.title === undefined) {
    const h1 = reader.blocks.find((b) => b.type === 'heading' && b.headingPath.length === 1);
    if (h1) meta.title = h1.text;
  }
  const { blocks, warnings } = cleanWebBlocks(reader.blocks);
  return { meta, blocks, warnings };
}

class BlockCollector {
  readonly blocks: Block[] = [];
  private readonly headings: { level: number; text: string }[] = [];
  private buffer = '';
  private kind: 'paragraph' | 'list-item' = 'paragraph';

  walk(node: Node): void {
    if (node.nodeName === '#text' && 'value' in node) {
      this.appendText(node.value);
      return;
    }
    if (!isElement(node) || isSkipped(node)) return;
    const tag = node.tagName;
    const heading = HEADING.exec(tag);
    if (heading) {
      this.flush();
      this.pushHeading(Number(heading[1]), textContent(node));
    } else if (tag === 'br') {
      this.buffer += LINE_BREAK;
    } else if (tag === 'li') {
      this.flush();
      const outer = this.kind;
      this.kind = 'list-item';
      for (const child of children(node)) this.walk(child);
      this.flush();
      this.kind = outer;
    } else if (tag === 'pre') {
      this.flush();
      // Preformatted text keeps its lines: there, line structure is meaning.
      const pre = rawText(node).trim();
      if (pre !== '') this.push('paragraph', pre);
    } else if (tag === 'table' && !hasDescendant(node, LAYOUT_CONTENT)) {
      this.flush();
      this.pushTable(node);
    } else if (BLOCK_TAGS.has(tag) || tag === 'table' || tag === 'tr' || tag === 'td' || tag === 'th') {
      this.flush();
      for (const child of children(node)) this.walk(child);
      this.flush();
    } else {
      for (const child of children(node)) this.walk(child);
    }
  }

  flush(): void {
    const lines = this.buffer.split(LINE_BREAK);
    this.buffer = '';
    const texts = this.kind === 'list-item' ? [cleanSpaces(lines.join(' '))] : joinLines(lines);
    for (const text of texts) if (text !== '') this.push(this.kind, text);
  }

  private appendText(value: string): void {
    // Source newlines are formatting, as in a browser; only <br> breaks a line.
    this.buffer += value.replace(/[ \t\n\r\f]+/g, ' ');
  }

  private push(type: Block['type'], text: string, cells?: TableCell[]): void {
    const block: Block = { type, text, headingPath: this.headings.map((h) => h.text) };
    if (cells) block.cells = cells;
    this.blocks.push(block);
  }

  private pushHeading(level: number, text: string): void {
    if (text === '') return;
    while ((this.headings.at(-1)?.level ?? 0) >= level) this.headings.pop();
    this.headings.push({ level, text });
    this.push('heading', text);
  }

  /** Each row keeps its column headers (`Commune : Anduze ; Population : 1134`), so it stands alone. */
  private pushTable(table: Element): void {
    const rows = descendants(table).filter((n) => n.tagName === 'tr');
    const cellsOf = (row: Element) =>
      children(row).filter((n): n is Element => isElement(n) && /^t[dh]$/.test(n.tagName));
    const first = rows[0];
    const hasHeader = first !== undefined && cellsOf(first).every((cell) => cell.tagName === 'th');
    const headers = hasHeader ? cellsOf(first).map(textContent) : [];
    for (const row of hasHeader ? rows.slice(1) : rows) {
      const values = cellsOf(row).map(textContent);
      const text = tableRowText(headers, values);
      if (text !== '') this.push('table-row', text, tableRowCells(headers, values));
    }
  }
}

function readHeadMeta(head: Element): Partial<DocumentMeta> {
  const meta: Partial<DocumentMeta> = {};
  for (const el of descendants(head)) {
    if (el.tagName === 'title' && meta.title === undefined) {
      const title = textContent(el);
      if (title !== '') meta.title = title;
    }
    const content = attr(el, 'content')?.trim();
    const property = attr(el, 'property') ?? attr(el, 'name');
    if (el.tagName === 'link' && attr(el, 'rel') === 'canonical') meta.url = attr(el, 'href');
    if (el.tagName !== 'meta' || !content) continue;
    if (property === 'og:url' && meta.url === undefined) meta.url = content;
    if (property === 'og:site_name') meta.publisher = content;
    if (property === 'article:published_time' && /^\d{4}-\d{2}-\d{2}/.test(content))
      meta.date = content.slice(0, 10);
  }
  return meta;
}

function findMain(body: Element): Element | undefined {
  return descendants(body).find(
    (el) => (el.tagName === 'main' || attr(el, 'role') === 'main') && !isSkipped(el),
  );
}

function isSkipped(el: Element): boolean {
  const role = attr(el, 'role');
  return (
    SKIPPED_TAGS.has(el.tagName) ||
    (role !== undefined && SKIPPED_ROLES.has(role)) ||
    attr(el, 'hidden') !== undefined ||
    attr(el, 'aria-hidden') === 'true'
  );
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function children(node: Node): Node[] {
  return 'childNodes' in node ? node.childNodes : [];
}

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function descendants(node: Node): Element[] {
  const out: Element[] = [];
  for (const child of children(node)) {
    if (!isElement(child)) continue;
    out.push(child, ...descendants(child));
  }
  return out;
}

function hasDescendant(node: Node, tags: Set<string>): boolean {
  return descendants(node).some((el) => tags.has(el.tagName));
}

function rawText(node: Node): string {
  if (node.nodeName === '#text' && 'value' in node) return node.value;
  if (isElement(node) && isSkipped(node)) return '';
  if (isElement(node) && node.tagName === 'br') return '\n';
  return children(node).map(rawText).join('');
}

/** The text a reader sees in an inline run: white space collapsed, `<br>` as a space. */
function textContent(node: Node): string {
  return cleanSpaces(rawText(node).replace(/[ \t\n\r\f]+/g, ' '));
}
