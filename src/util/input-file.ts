import { readFileSync } from 'node:fs';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';

/** Reads a file named on the command line, with one clear line when it cannot be. */
export function readInputFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new KafkaLabError(code === 'ENOENT' ? `${what} ${path} does not exist` : `cannot read ${what} ${path}: ${code ?? String(err)}`, {
      kind: code === 'ENOENT' ? 'not-found' : 'failed',
      hint: hints.checkPath,
    });
  }
}
