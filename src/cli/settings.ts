/**
 * The command lines read the same configuration as the service (environment and `.env`, parsed once
 * with zod), so `npm run ingest` and `npm start` agree on the corpus, index and model.
 */

import { embeddingOptions } from '../assistant/index.ts';
import type { AssistantOptions } from '../assistant/types.ts';
import { ConfigError, loadConfig, readEnvFile, toAssistantOptions } from '../config.ts';
import type { LoadEmbedderOptions } from '../embedding/index.ts';

export interface CliSettings extends AssistantOptions {
  embedding: LoadEmbedderOptions;
}

export function loadCliSettings(): CliSettings {
  try {
    const options = toAssistantOptions(loadConfig({ ...readEnvFile(), ...process.env }));
    return {
      ...options,
      embedding: embeddingOptions(options),
    };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
