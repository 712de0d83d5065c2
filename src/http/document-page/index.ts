/** The reading page of web texts (`GET /documents/:id` for Markdown, HTML and plain text). */
export type { PassageRange } from './blocks.ts';
export { documentPageCsp, renderDocumentPage } from './page.ts';
export { readDocumentBlocks } from './read-blocks.ts';
