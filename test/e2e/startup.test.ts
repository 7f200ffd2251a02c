/**
 * What the built CLI loads at start-up, recorded with module hooks (test/fixtures/loads):
 * --version and the top-level help load only a handful of our own modules and no package;
 * the help of the process commands loads no Kafka client. A client command that connects
 * shows that the recorder does see the client.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const REGISTER = join(ROOT, 'test', 'fixtures', 'loads', 'register.mjs');

/**
 * What `kafka-lab args` loads: node builtins as node:x, files outside dist/ relative to the
 * repository, and for each bundled chunk of dist/ the files it was built from (its source map:
 * src/... and node_modules/<package>/...); the bundle's chunk names are hashes.
 */
function loads(args: string[]): string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'kafka-lab-loads-')), 'loads.txt');
  const r = spawnSync(process.execPath, ['--import', REGISTER, BIN, ...args], {
    env: { ...process.env, KAFKA_LAB_LOAD_LOG: log, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.error).toBeUndefined();
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const modules = urls.flatMap((u) => {
    if (!u.startsWith('file:')) return [u];
    const file = fileURLToPath(u);
    const path = relative(ROOT, file);
    if (!path.startsWith('dist/')) return [path];
    // the bundler's own runtime helpers have no source map
    if (!existsSync(`${file}.map`)) return [];
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    return map.sources.map((s) => relative(ROOT, resolve(dirname(file), s)));
  });
  return [...new Set(modules)].sort();
}

const fromPackage = (m: string) => m.startsWith('node_modules/');
const kafkaClient = (m: string) => /^node_modules\/(kafkajs|@platformatic\/kafka)\/|^src\/client\//.test(m);

describe('start-up', () => {
  it('--version loads our entry point, the command list and nothing from a package', () => {
    const ours = loads(['--version']).filter((m) => !m.startsWith('node:'));
    expect(ours).toEqual([
      'bin/kafka-lab.js',
      'src/cli.ts',
      'src/commands/registry.ts',
      'src/errors.ts',
      'src/hints.ts',
      // the checks every command line gets before its command loads (Kafka's script names, legacy flags, numbers)
      'src/kafka-scripts.ts',
      'src/legacy-flags.ts',
      'src/output/io.ts',
      'src/paths.ts',
      'src/util/number-options.ts',
      'src/util/suggest.ts',
    ]);
  });

  it('the top-level help loads the same and no package either', () => {
    const help = loads(['--help']);
    expect(help.filter(fromPackage)).toEqual([]);
    expect(help.filter((m) => m.startsWith('src/'))).toEqual(loads(['--version']).filter((m) => m.startsWith('src/')));
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
