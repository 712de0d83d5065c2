/**
 * A web text's blocks, read from its file by the same readers as ingestion: the chunker's offsets,
 * which citation links carry, then land on the same characters.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { SIDECAR_SUFFIX } from '../../ingest/metadata.ts';
import { readDocument } from '../../ingest/read-document.ts';
import type { Block } from '../../ingest/types.ts';

/** The blocks, or undefined when the file can no longer be read (the caller answers 404). */
export async function readDocumentBlocks(path: string, source: string): Promise<Block[] | undefined> {
  const data = await readFile(path);
  const sidecar = `${path}${SIDECAR_SUFFIX}`;
  const read = await readDocument(
    { source, path, size: data.length, sidecarPath: existsSync(sidecar) ? sidecar : undefined },
    data,
    { ocr: false },
  );
  return read.ok ? read.blocks : undefined;
}
