/**
 * The ingestion report a maintainer reads: one line per file that did something (or failed), then
 * totals. A progress bar on a terminal, plain lines otherwise (logs, CI).
 */
import type { FileReport, IngestEvent, IngestReport } from './pipeline.ts';

const STATUS_LABELS: Record<FileReport['status'], string> = {
  added: 'ajouté',
  changed: 'modifié',
  unchanged: 'inchangé',
  removed: 'retiré',
  failed: 'ÉCHEC',
};

export function formatFileLine(file: FileReport): string {
  const parts = [`${STATUS_LABELS[file.status].padEnd(9)} ${file.source}`];
  if (file.status === 'failed') {
    parts.push(
      `— ${file.reason ?? 'erreur inconnue'}${file.keptPrevious ? ' (version précédente conservée)' : ''}`,
    );
  } else if (file.status !== 'removed') {
    const details = [file.pages ? `${file.pages} p.` : '', `${file.chunks} passages`];
    if (file.ocrPages > 0) details.push(`${file.ocrPages} p. en OCR`);
    if (file.scanPages > 0) details.push(`${file.scanPages} p. scannées non lues`);
    parts.push(`(${details.filter(Boolean).join(', ')})`);
  }
  return parts.join(' ');
}

export function formatReport(report: IngestReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  if (report.rebuilt) lines.push(`Index : ${report.rebuilt}.`);
  for (const file of report.files) {
    if (file.status === 'unchanged' && !options.verbose) continue;
    lines.push(formatFileLine(file));
    for (const warning of file.warnings) lines.push(`          ⚠ ${warning}`);
  }
  const count = (status: FileReport['status']) => report.files.filter((f) => f.status === status).length;
  lines.push(
    `${count('added')} ajouté(s), ${count('changed')} modifié(s), ${count('unchanged')} inchangé(s), ` +
      `${count('removed')} retiré(s), ${count('failed')} en échec — ` +
      `${report.totals.documents} documents, ${report.totals.pages} pages PDF, ${report.totals.chunks} passages ` +
      `en ${(report.durationMs / 1000).toFixed(1)} s.`,
  );
  if (report.version) lines.push(`Index actif : ${report.indexDir}/${report.version}`);
  return lines.join('\n');
}

const BAR_WIDTH = 24;

/** Progress for a terminal (one rewritten line) or for logs (a line per file). */
export function progressPrinter(stream: NodeJS.WriteStream): (event: IngestEvent) => void {
  const tty = stream.isTTY === true;
  return (event) => {
    if (event.type === 'start') {
      if (!tty) stream.write(`${event.files} fichiers dans le corpus\n`);
      return;
    }
    const [done, total, label] =
      event.type === 'file'
        ? [event.index + 1, event.files, `lecture ${event.source}`]
        : [event.done, event.total, 'calcul des vecteurs'];
    if (!tty) {
      if (event.type === 'file') stream.write(`[${done}/${total}] ${event.source}\n`);
      else if (done === total) stream.write(`vecteurs : ${total} passages\n`);
      return;
    }
    const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    stream.write(`\r\x1b[2K${bar} ${done}/${total} ${label.slice(0, 60)}`);
    if (event.type === 'embed' && done === total) stream.write('\n');
  };
}
