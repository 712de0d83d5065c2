/**
 * What the service remembers, in one SQLite file: conversations and their turns (so follow-ups
 * work), residents' feedback, and what the report is built from. Rows are keyed by random ids; no
 * client address is ever written; personal data residents type (phone numbers, e-mail and street
 * addresses…) is masked before a question or comment is written; everything older than the
 * retention period is purged, and its bytes erased from the file.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Answer, Turn } from '../answer/types.ts';
import { maskPersonalData } from './mask-personal-data.ts';
import { normalizeQuestion } from './normalize-question.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Enough groups for a person to read through; the rest is the long tail. */
const REPORT_GROUPS_MAX = 100;
/** Waiting for SQLite's lock a little beats failing a request when a purge runs at the same time. */
const BUSY_TIMEOUT_MS = 2_000;
/**
 * Stored in the file's `user_version` once it has been rewritten by a version that erases: files
 * from earlier versions (0) may still hold unmasked questions, and purged text in free space.
 */
const ERASING_FILE_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  question TEXT NOT NULL,
  question_key TEXT NOT NULL,
  answer TEXT,
  declined INTEGER,
  kind TEXT,
  citations INTEGER
);
CREATE INDEX IF NOT EXISTS turns_by_conversation ON turns(conversation_id, created_at);
CREATE INDEX IF NOT EXISTS turns_by_date ON turns(created_at);
CREATE TABLE IF NOT EXISTS feedback (
  answer_id TEXT PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
  comment TEXT
);
CREATE INDEX IF NOT EXISTS feedback_by_date ON feedback(created_at);
`;

export type Rating = 'up' | 'down';

export interface QuestionGroup {
  /** The latest wording of the question. */
  question: string;
  count: number;
  lastAskedAt: string;
}

export interface ThumbsDownGroup extends QuestionGroup {
  /** The latest answer that was judged unhelpful. */
  answer: string | null;
  comments: string[];
}

export interface UsageReport {
  since: string;
  until: string;
  totals: {
    questions: number;
    answered: number;
    declined: number;
    unanswered: number;
    up: number;
    down: number;
  };
  /** The documents did not support an answer. */
  declined: QuestionGroup[];
  /** No answer was recorded (an error or the time limit). */
  unanswered: QuestionGroup[];
  thumbsDown: ThumbsDownGroup[];
}

export interface PurgeResult {
  conversations: number;
  turns: number;
  feedback: number;
  /**
   * False when the write-ahead log could not be emptied (another connection was reading): the
   * purged text then stays in the -wal file until the next purge.
   */
  erased: boolean;
}

export interface StoreOptions {
  /** A file path, or `:memory:` for tests. */
  path: string;
  /** Milliseconds since the epoch; injectable so tests can age rows. */
  now?: () => number;
}

export interface Store {
  startConversation(): string;
  /**
   * The last `limit` turns of a conversation, oldest first; `undefined` when the conversation is
   * unknown, purged, or idle for longer than `maxIdleMs` (the caller then starts a new one).
   */
  history(conversationId: string, limit: number, maxIdleMs: number): Turn[] | undefined;
  /**
   * Written before the question is answered, so a failure still shows in the report; personal
   * data is masked (the history then shows it masked too). Returns the answer id.
   */
  recordQuestion(conversationId: string, question: string): string;
  recordAnswer(answerId: string, answer: Answer): void;
  /** False when the answer id is unknown (or purged). The comment is kept with personal data masked. */
  recordFeedback(answerId: string, rating: Rating, comment?: string): boolean;
  report(days: number): UsageReport;
  purge(retentionDays: number): PurgeResult;
  close(): void;
}

interface GroupRow {
  question: string;
  count: number;
  last: number;
}

/**
 * Copies the log into the database file and truncates it to zero bytes. Until then the log keeps
 * the frames written before a delete (the question as it was inserted), even after a checkpoint.
 */
function emptyWal(db: Database.Database): boolean {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return result?.busy === 0;
}

/**
 * Once per file from an earlier version: masks the questions and comments it stored as typed, then
 * rewrites the file without its free space, where those versions' purges and this update left text.
 */
function upgradeToErasing(db: Database.Database): void {
  db.function('citadoc_mask', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? maskPersonalData(text) : text,
  );
  db.function('citadoc_question_key', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? normalizeQuestion(text) : text,
  );
  db.transaction(() => {
    db.exec(`UPDATE turns SET question = citadoc_mask(question),
               question_key = citadoc_question_key(citadoc_mask(question))
             WHERE question <> citadoc_mask(question)`);
    db.exec('UPDATE feedback SET comment = citadoc_mask(comment) WHERE comment <> citadoc_mask(comment)');
  })();
  db.exec('VACUUM');
  db.pragma(`user_version = ${ERASING_FILE_VERSION}`);
  emptyWal(db);
}

export function openStore(options: StoreOptions): Store {
  const now = options.now ?? Date.now;
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  // With WAL, NORMAL never corrupts and skips an fsync per write: these synchronous writes run on
  // the event loop between answers, and losing the last second of history on power loss is fine.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Residents type names, addresses and phone numbers: a deleted row's bytes are overwritten with
  // zeros, rather than left in free space until SQLite happens to reuse it.
  db.pragma('secure_delete = ON');
  db.exec(SCHEMA);
  if (options.path !== ':memory:' && db.pragma('user_version', { simple: true }) !== ERASING_FILE_VERSION) {
    upgradeToErasing(db);
  }

  const statements = {
    insertConversation: db.prepare('INSERT INTO conversations (id, created_at, updated_at) VALUES (?, ?, ?)'),
    touchConversation: db.prepare('UPDATE conversations SET updated_at = ? WHERE id = ?'),
    conversation: db.prepare<[string], { updated_at: number }>(
      'SELECT updated_at FROM conversations WHERE id = ?',
    ),
    lastTurns: db.prepare<[string, number], { question: string; answer: string | null }>(
      `SELECT question, answer FROM (
         SELECT question, answer, created_at, rowid FROM turns WHERE conversation_id = ?
         ORDER BY created_at DESC, rowid DESC LIMIT ?
       ) ORDER BY created_at, rowid`,
    ),
    insertTurn: db.prepare(
      'INSERT INTO turns (id, conversation_id, created_at, question, question_key) VALUES (?, ?, ?, ?, ?)',
    ),
    answerTurn: db.prepare('UPDATE turns SET answer = ?, declined = ?, kind = ?, citations = ? WHERE id = ?'),
    turnExists: db.prepare<[string], { id: string }>('SELECT id FROM turns WHERE id = ?'),
    upsertFeedback: db.prepare(
      `INSERT INTO feedback (answer_id, created_at, rating, comment) VALUES (?, ?, ?, ?)
       ON CONFLICT(answer_id) DO UPDATE SET created_at = excluded.created_at,
         rating = excluded.rating, comment = excluded.comment`,
    ),
    // SQLite takes bare columns (question) from the row holding MAX(created_at): the latest wording.
    declined: db.prepare<[number], GroupRow>(
      `SELECT question, COUNT(*) AS count, MAX(created_at) AS last FROM turns
       WHERE created_at >= ? AND declined = 1
       GROUP BY question_key ORDER BY count DESC, last DESC LIMIT ${REPORT_GROUPS_MAX}`,
    ),
    unanswered: db.prepare<[number], GroupRow>(
      `SELECT question, COUNT(*) AS count, MAX(created_at) AS last FROM turns
       WHERE created_at >= ? AND answer IS NULL
       GROUP BY question_key ORDER BY count DESC, last DESC LIMIT ${REPORT_GROUPS_MAX}`,
    ),
    thumbsDown: db.prepare<[number], GroupRow & { answer: string | null; comments: string }>(
      `SELECT t.question, t.answer, COUNT(*) AS count, MAX(f.created_at) AS last,
         json_group_array(f.comment) FILTER (WHERE f.comment IS NOT NULL) AS comments
       FROM feedback f JOIN turns t ON t.id = f.answer_id
       WHERE f.created_at >= ? AND f.rating = 'down'
       GROUP BY t.question_key ORDER BY count DESC, last DESC LIMIT ${REPORT_GROUPS_MAX}`,
    ),
    totals: db.prepare<
      [number],
      { questions: number; answered: number; declined: number; unanswered: number }
    >(
      `SELECT COUNT(*) AS questions,
         COALESCE(SUM(answer IS NOT NULL AND declined = 0), 0) AS answered,
         COALESCE(SUM(declined = 1), 0) AS declined,
         COALESCE(SUM(answer IS NULL), 0) AS unanswered
       FROM turns WHERE created_at >= ?`,
    ),
    ratings: db.prepare<[number], { up: number; down: number }>(
      `SELECT COALESCE(SUM(rating = 'up'), 0) AS up, COALESCE(SUM(rating = 'down'), 0) AS down
       FROM feedback WHERE created_at >= ?`,
    ),
    purgeConversations: db.prepare('DELETE FROM conversations WHERE updated_at < ?'),
    purgeTurns: db.prepare('DELETE FROM turns WHERE created_at < ?'),
    purgeFeedback: db.prepare('DELETE FROM feedback WHERE created_at < ?'),
  };

  const toGroup = (row: GroupRow): QuestionGroup => ({
    question: row.question,
    count: row.count,
    lastAskedAt: new Date(row.last).toISOString(),
  });

  const purge = db.transaction((cutoff: number): Omit<PurgeResult, 'erased'> => {
    // Feedback first, then turns, then conversations, so each count is what that step removed
    // (the cascades would otherwise hide the children in the parent's count).
    const feedback = statements.purgeFeedback.run(cutoff).changes;
    const turns = statements.purgeTurns.run(cutoff).changes;
    const conversations = statements.purgeConversations.run(cutoff).changes;
    return { conversations, turns, feedback };
  });

  // One transaction, one commit: these writes run on the event loop between answers.
  const recordQuestion = db.transaction((conversationId: string, typed: string): string => {
    const id = randomUUID();
    const at = now();
    const question = maskPersonalData(typed);
    statements.insertTurn.run(id, conversationId, at, question, normalizeQuestion(question));
    statements.touchConversation.run(at, conversationId);
    return id;
  });

  return {
    startConversation() {
      const id = randomUUID();
      const at = now();
      statements.insertConversation.run(id, at, at);
      return id;
    },

    history(conversationId, limit, maxIdleMs) {
      const conversation = statements.conversation.get(conversationId);
      if (!conversation || now() - conversation.updated_at > maxIdleMs) return undefined;
      return statements.lastTurns
        .all(conversationId, limit)
        .map((row) => (row.answer === null ? { question: row.question } : row) as Turn);
    },

    recordQuestion,

    recordAnswer(answerId, answer) {
      statements.answerTurn.run(
        answer.answer,
        answer.declined ? 1 : 0,
        answer.kind,
        answer.citations.length,
        answerId,
      );
    },

    recordFeedback(answerId, rating, comment) {
      if (!statements.turnExists.get(answerId)) return false;
      statements.upsertFeedback.run(answerId, now(), rating, comment ? maskPersonalData(comment) : null);
      return true;
    },

    report(days) {
      const until = now();
      const since = until - days * DAY_MS;
      const totals = statements.totals.get(since)!;
      const ratings = statements.ratings.get(since)!;
      return {
        since: new Date(since).toISOString(),
        until: new Date(until).toISOString(),
        totals: { ...totals, ...ratings },
        declined: statements.declined.all(since).map(toGroup),
        unanswered: statements.unanswered.all(since).map(toGroup),
        thumbsDown: statements.thumbsDown.all(since).map((row) => ({
          ...toGroup(row),
          answer: row.answer,
          comments: JSON.parse(row.comments) as string[],
        })),
      };
    },

    purge(retentionDays) {
      const removed = purge(now() - retentionDays * DAY_MS);
      // Every time, not only when rows went: a log a reader kept from emptying is emptied next hour.
      return { ...removed, erased: emptyWal(db) };
    },

    close() {
      db.close();
    },
  };
}
