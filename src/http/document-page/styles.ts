/**
 * The reading page's only style sheet, inline and allowed by its hash in the page's CSP, so the page
 * is one response with no request elsewhere. Contrasts are AA or better (text on white 17:1, links
 * 8.7:1, cited words on their yellow 14:1, the passage's label 10:1 and border 7:1 on its
 * background); the passage is told by its label, its border and the underline of the cited words,
 * not by its colour alone.
 */
import { createHash } from 'node:crypto';

export const PAGE_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1b1b; background: #fff; }
a { color: #0a4b8c; text-underline-offset: 0.15em; }
a:focus-visible, .skip:focus, .passage:focus { outline: 3px solid #0a4b8c; outline-offset: 3px; }
.skip { position: absolute; left: -999rem; top: 0.5rem; background: #fff; padding: 0.5rem 1rem; }
.skip:focus { left: 0.5rem; }
.site, main, .page-footer { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
.site { padding-top: 1rem; padding-bottom: 0.5rem; border-bottom: 1px solid #767676; font-size: 0.9375rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 1.5rem 0 0.75rem; }
h2 { font-size: 1.375rem; margin: 1.75rem 0 0.5rem; }
h3, h4, h5, h6 { font-size: 1.125rem; margin: 1.5rem 0 0.5rem; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; font-size: 0.9375rem; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.notice { border: 2px solid #767676; padding: 0.5rem 0.75rem; }
.passage { margin: 1rem -0.75rem; padding: 0.25rem 0.75rem 0.5rem; border-left: 0.375rem solid #6b4f00; background: #fff8d6; scroll-margin-top: 2rem; }
.passage-label, .passage-end { margin: 0.25rem 0; font-size: 0.875rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: #4d3900; }
.passage-end { font-weight: 400; text-transform: none; letter-spacing: 0; }
mark { background: #ffe98a; color: #1b1b1b; text-decoration: underline 2px; text-underline-offset: 0.2em; }
ol.numbered { list-style: none; padding-left: 1rem; }
.table { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #767676; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
.page-footer { margin-top: 2rem; padding-top: 0.5rem; padding-bottom: 2rem; border-top: 1px solid #767676; font-size: 0.9375rem; }
@media print { .skip, .passage-end { display: none; } }
`;

/** For the CSP's `style-src`: only this exact sheet may apply. */
export const PAGE_CSS_HASH = `'sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}'`;
