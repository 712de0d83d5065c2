/**
 * Purged questions must leave the disk, not only the tables: SQLite keeps deleted rows' bytes in
 * free space and in the write-ahead log until they happen to be overwritten. These tests read the
 * raw bytes of the database file and of its -wal file after a purge.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../answer/types.ts';
import { openStore } from './index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Distinctive, lower case and without accents, so the folded grouping key spells it the same way. */
const SECRET_QUESTION = 'zorglubine quentinovitch habite au fond du couloir';
const SECRET_COMMENT = 'brindacier kowalczykowa est mecontente';
const declined: Answer = {
  answer: 'Je ne trouve pas cela.',
  declined: true,
  kind: 'declined',
  citations: [],
  related: [],
};

/** Every file SQLite may have written for this database, as raw bytes. */
function filesOf(path: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const suffix of ['', '-wal', '-journal']) {
    if (existsSync(path + suffix)) files.set(path + suffix, readFileSync(path + suffix));
  }
  return files;
}

function filesContaining(path: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  return [...filesOf(path)].filter(([, bytes]) => bytes.includes(needle)).map(([name]) => name);
}

describe('openStore on a file', () => {
  let dir: string;
  let path: string;
  let clock: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'citadoc-erase-'));
    path = join(dir, 'citadoc.sqlite');
    clock = Date.UTC(2025, 0, 1, 12);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function fillAndPurge() {
    const store = openStore({ path, now: () => clock });
    const old = store.startConversation();
    const answerId = store.recordQuestion(old, SECRET_QUESTION);
    store.recordAnswer(answerId, declined);
    store.recordFeedback(answerId, 'down', SECRET_COMMENT);
    // Enough recent rows to fill pages around the old ones, as in a service that has run a while.
    clock += 31 * DAY_MS;
    const recent = store.startConversation();
    for (let n = 0; n < 50; n++) store.recordQuestion(recent, `question récente numéro ${n}`);
    // Written to disk before the purge, as the hourly purge of a running service finds them.
    expect(filesContaining(path, SECRET_QUESTION)).not.toEqual([]);
    expect(store.purge(30)).toEqual({ conversations: 1, turns: 1, feedback: 1, erased: true });
    return store;
  }

  describe('after a purge, while the service still runs', () => {
    it('leaves no byte of the purged question or comment in the database file or its WAL', () => {
      const store = fillAndPurge();
      try {
        expect(filesContaining(path, SECRET_QUESTION)).toEqual([]);
        expect(filesContaining(path, SECRET_COMMENT)).toEqual([]);
        expect(store.history(store.startConversation(), 6, DAY_MS)).toEqual([]);
      } finally {
        store.close();
      }
    });
  });

  describe('after a purge and a stop', () => {
    it('leaves no byte of them either, and keeps the recent questions', () => {
      fillAndPurge().close();
      expect(filesContaining(path, SECRET_QUESTION)).toEqual([]);
      expect(filesContaining(path, SECRET_COMMENT)).toEqual([]);
      expect(filesContaining(path, 'question récente numéro 49')).not.toEqual([]);
    });
  });

  describe('when the file was written by a version that did not erase', () => {
    it('wipes what earlier purges left behind when it opens the file', () => {
      const first = openStore({ path, now: () => clock });
      first.recordQuestion(first.startConversation(), SECRET_QUESTION);
      first.close();
      // What an earlier version left: rows deleted without secure_delete keep their bytes in free
      // space, and its files never set user_version.
      const db = new Database(path);
      db.pragma('secure_delete = OFF');
      db.exec('DELETE FROM turns');
      db.pragma('user_version = 0');
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      // Only meaningful if the bytes really stayed: otherwise this test could not fail.
      expect(filesContaining(path, SECRET_QUESTION)).not.toEqual([]);

      openStore({ path, now: () => clock }).close();
      expect(filesContaining(path, SECRET_QUESTION)).toEqual([]);
    });

    it('masks the personal data it stored as typed, and leaves no byte of it', () => {
      const first = openStore({ path, now: () => clock });
      const conversation = first.startConversation();
      const answerId = first.recordQuestion(conversation, 'Qui finance les contrats ?');
      first.recordFeedback(answerId, 'down', 'Pas clair');
      first.close();
      // What an earlier version wrote: the question and the comment as typed.
      const db = new Database(path);
      db.prepare('UPDATE turns SET question = ?, question_key = ?').run(
        'Qui finance les contrats ? Rappelez-moi au 06 12 34 56 78',
        'qui finance les contrats ? rappelez-moi au 06 12 34 56 78',
      );
      db.prepare('UPDATE feedback SET comment = ?').run('écrivez à zorglubine@example.fr');
      db.pragma('user_version = 0');
      db.close();
      expect(filesContaining(path, '06 12 34 56 78')).not.toEqual([]);

      const store = openStore({ path, now: () => clock });
      const report = store.report(30);
      store.close();
      expect(report.thumbsDown).toEqual([
        expect.objectContaining({
          question: 'Qui finance les contrats ? Rappelez-moi au [téléphone]',
          comments: ['écrivez à [courriel]'],
        }),
      ]);
      expect(filesContaining(path, '06 12 34 56 78')).toEqual([]);
      expect(filesContaining(path, 'zorglubine@')).toEqual([]);
    });
  });
});
