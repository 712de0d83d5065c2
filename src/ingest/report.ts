/**
 * The ingestion report a maintainer reads: one line per file that did something (or failed), then
 * totals. A progress bar with the rate and the time left on a terminal, periodic plain lines otherwise.
 */
import type { FileReport, IngestEvent, IngestReport } from './pipeline.ts';
import { formatProgress, type Progress, progressMeter } from './progress.ts';

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
/** A terminal line redrawn more often than this flickers and costs more than it tells. */
const TTY_REDRAW_MS = 100;
/** In logs, a line this often: enough to see a long run move, few enough to read. */
const LOG_PERIOD_MS = 10_000;

export interface ProgressPrinter {
  (event: IngestEvent): void;
  /** Ends the terminal line, so what follows starts on its own. */
  end(): void;
}

/**
 * Progress of files read, then passages embedded, with the rate and the time left: one line
 * rewritten in place on a terminal, a plain line every LOG_PERIOD_MS otherwise (logs, CI).
 */
export function progressPrinter(
  stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>,
  now: () => number = () => performance.now(),
): ProgressPrinter {
  const tty = stream.isTTY === true;
  const meter = progressMeter(now);
  let lastPhase: Progress['phase'] | undefined;
  let lastWrite = Number.NEGATIVE_INFINITY;
  let lineOpen = false;
  const print = (event: IngestEvent) => {
    if (event.type === 'start') {
      if (!tty) stream.write(`${event.files} fichiers dans le corpus\n`);
      return;
    }
    const progress = meter(event);
    if (!progress) return;
    const finished = progress.done === progress.total;
    const due = now() - lastWrite >= (tty ? TTY_REDRAW_MS : LOG_PERIOD_MS);
    if (progress.phase === lastPhase && !finished && !due) return;
    lastPhase = progress.phase;
    lastWrite = now();
    const line = formatProgress(progress);
    if (!tty) {
      stream.write(`${line}\n`);
      return;
    }
    const filled = progress.total > 0 ? Math.round((progress.done / progress.total) * BAR_WIDTH) : BAR_WIDTH;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const source = progress.source ? ` ${progress.source.slice(0, 40)}` : '';
    stream.write(`\r\x1b[2K${bar} ${line}${source}`);
    lineOpen = true;
    if (progress.phase === 'embed' && finished) end();
  };
  const end = () => {
    if (lineOpen) stream.write('\n');
    lineOpen = false;
  };
  return Object.assign(print, { end });
}
