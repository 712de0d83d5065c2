/** The service's memory (conversations, feedback, report), in SQLite. */
export type {
  PurgeResult,
  QuestionGroup,
  Rating,
  Store,
  StoreOptions,
  ThumbsDownGroup,
  UsageReport,
} from './sqlite-store.ts';
export { openStore } from './sqlite-store.ts';
