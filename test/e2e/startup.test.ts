/**
 * What the built CLI loads at start-up, recorded with module hooks (test/fixtures/loads):
 * --version and the top-level help load only a handful of our own modules and no package;
 * the help of the process commands loads no Kafka client. A client command that connects
 * shows that the recorder does see the client.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const REGISTER = join(ROOT, 'test', 'fixtures', 'loads', 'register.mjs');

/** The modules `kafka-lab args` resolves: node builtins as node:x, ours and packages relative to the repository. */
function loads(args: string[]): string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'kafka-lab-loads-')), 'loads.txt');
  const r = spawnSync(process.execPath, ['--import', REGISTER, BIN, ...args], {
    env: { ...process.env, KAFKA_LAB_LOAD_LOG: log, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.error).toBeUndefined();
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return [...new Set(urls.map((u) => (u.startsWith('file:') ? relative(ROOT, fileURLToPath(u)) : u)))].sort();
}

const kafkaClient = (m: string) => /node_modules\/(kafkajs|@platformatic\/kafka)\/|^dist\/client\//.test(m);

describe('start-up', () => {
  it('--version loads our entry point, the command list and nothing from node_modules', () => {
    const ours = loads(['--version']).filter((m) => !m.startsWith('node:'));
    expect(ours).toEqual([
      'bin/kafka-lab.js',
      'dist/cli.js',
      'dist/commands/registry.js',
      'dist/errors.js',
      'dist/hints.js',
      'dist/output/io.js',
      'dist/paths.js',
      'dist/util/suggest.js',
    ]);
  });

  it('the top-level help loads the same and no package either', () => {
    expect(loads(['--help']).filter((m) => m.startsWith('node_modules/'))).toEqual([]);
  });

  it('the help of process commands loads no Kafka client', () => {
    for (const cmd of ['server-start', 'zookeeper-start', 'server-stop', 'storage', 'engine', 'cluster-scaffold', 'dump-log']) {
      expect(loads([cmd, '--help']).filter(kafkaClient), cmd).toEqual([]);
    }
  });

  it('a command that connects does load the client (the recorder sees it)', () => {
    expect(loads(['topics', '--list', '--bootstrap-server', '127.0.0.1:1', '--timeout', '1000']).some(kafkaClient)).toBe(true);
  });
});
