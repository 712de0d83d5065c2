/**
 * `npm run build:model [-- --out <dir>]`: writes the default embedding model (citadoc-ngram-fr)
 * into the models folder. Offline and deterministic: the same code always writes the same model.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildDefaultModel } from '../embedding/index.ts';

const DEFAULT_MODELS_DIR = 'models';
const BYTES_PER_MIB = 1024 * 1024;

const { values } = parseArgs({ options: { out: { type: 'string', default: DEFAULT_MODELS_DIR } } });
const built = await buildDefaultModel(path.resolve(values.out));
const size = (built.bytes / BYTES_PER_MIB).toFixed(1);
console.log(`Modèle écrit dans ${built.dir} (${size} Mio) en ${Math.round(built.milliseconds)} ms.`);
