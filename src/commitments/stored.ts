/**
 * Commitments as an index version stores them (`commitments.json`, computed at ingestion): the
 * extractor's version, so a version written by other rules is recomputed, and the schema a process
 * loading them checks them against.
 */
import { z } from 'zod';
import type { Commitment } from '../assistant/types.ts';

/** Bump when the extractor finds other commitments: the next ingestion recomputes them. */
export const COMMITMENTS_EXTRACTOR = 'commitments-1';

const commitmentSchema = z.object({
  partner: z.string(),
  theme: z.string(),
  amount: z.number().optional(),
  neighbourhoods: z.array(z.string()),
  date: z.string().optional(),
  text: z.string(),
  docId: z.string(),
  source: z.string(),
  title: z.string(),
  page: z.number().int().optional(),
  url: z.string(),
}) satisfies z.ZodType<Commitment>;

export const storedCommitmentsSchema = z.array(commitmentSchema);
