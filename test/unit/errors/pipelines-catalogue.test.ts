/**
 * The data-lake lab rows of the bad-input catalogue (docs/errors.md, P01-P04) that need no
 * process: run in process through main(argv, io). Nothing is installed and no JVM starts: the
 * plugin folder is a temporary one. P05 (a port of the lab in use) is checked against real
 * processes in test/e2e/pipelines/mariadb-local.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain, type InProcessResult } from '../../helpers/io.js';

const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-pipelines-errors-'));
const home = join(tmp, 'home');
const env = { KAFKA_LAB_HOME: home, KAFKA_LAB_RUN_DIR: join(tmp, 'run'), LOG_DIR: join(tmp, 'logs') };
const cli = (args: string[]) => runMain(args, { env });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function expectError(r: InProcessResult, exitCode: number, message: string | RegExp, hint?: string): void {
  const all = `${r.stdout}\n${r.stderr}`;
  expect(all, 'stack trace printed').not.toMatch(/^\s+at /m);
  expect(r.exitCode, all).toBe(exitCode);
  const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
  if (typeof message === 'string') expect(errorLines, r.stderr).toContain(`error: ${message}`);
  else
    expect(
      errorLines.some((l) => message.test(l.slice(7))),
      r.stderr,
    ).toBe(true);
  if (hint !== undefined) expect(r.stderr.split('\n').find((l) => l.startsWith('hint: '))).toBe(`hint: ${hint}`);
}

/** A jar (a zip of stored entries) holding empty files with these names: enough for kafka-lab's jar index. */
function writeJar(path: string, names: string[]): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n);
    centrals.push(central, n);
    offset += 30 + n.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, cd, end]));
}

describe('pipelines-scaffold', () => {
  it('P01 a --base-port whose block of 30 ports does not fit', async () => {
    expectError(
      await cli(['pipelines-scaffold', '--dir', join(tmp, 'p01'), '--base-port', '65530', '--no-install']),
      2,
      '--base-port must be from 1024 to 65506: the lab uses 30 ports from it (got 65530)',
      'kafka-lab pipelines-scaffold --help shows the options.',
    );
    expect(readdirSync(tmp)).not.toContain('p01');
  });

  it('P02 a folder that already holds a lab', async () => {
    const dir = join(tmp, 'p02');
    const first = await cli(['pipelines-scaffold', '--dir', dir, '--base-port', '30000', '--no-install']);
    expect(first.exitCode, first.stderr).toBe(0);
    expectError(
      await cli(['pipelines-scaffold', '--dir', dir, '--base-port', '30000', '--no-install']),
      1,
      new RegExp(`^${dir} already holds a lab \\(`),
      'Pass --force to overwrite it (its data directories are deleted too), or choose another --dir.',
    );
  });
});

describe('cluster up of a data-lake lab: refused before any process starts', () => {
  it('P03 a plugin the workers need is not installed', async () => {
    const dir = join(tmp, 'p03');
    expect((await cli(['pipelines-scaffold', '--dir', dir, '--base-port', '30000', '--no-install'])).exitCode).toBe(0);
    expectError(
      await cli(['cluster', 'up', '--dir', dir]),
      1,
      `the ingest worker has no plugin for io.debezium.connector.postgresql.PostgresConnector (connector orders-cdc, ${join(dir, 'connectors', 'ingest', 'orders-cdc.json')})`,
      `Install it: kafka-lab plugin install debezium-postgres (${join(dir, 'plugins', 'ingest')} links to kafka-lab's plugin folder), then run cluster up again.`,
    );
    // no pid file: nothing was started
    expect(existsSync(join(tmp, 'run')) ? readdirSync(join(tmp, 'run')).filter((n) => n.endsWith('.json')) : []).toEqual([]);
  });

  it('P04 an installed plugin that plugin.discovery=service_load cannot see (no ServiceLoader manifest)', async () => {
    const dir = join(tmp, 'p04');
    const plugin = join(home, 'plugins', 'debezium-postgres');
    mkdirSync(plugin, { recursive: true });
    const jar = join(plugin, 'old-connector.jar');
    writeJar(jar, ['io/debezium/connector/postgresql/PostgresConnector.class']);
    expect((await cli(['pipelines-scaffold', '--dir', dir, '--base-port', '30000', '--no-install'])).exitCode).toBe(0);
    expectError(
      await cli(['cluster', 'up', '--dir', dir]),
      1,
      `plugin.discovery=service_load cannot see io.debezium.connector.postgresql.PostgresConnector: ${join(dir, 'plugins', 'ingest', 'debezium-postgres', 'old-connector.jar')} has no ServiceLoader manifest`,
      `Add manifests with: kafka-lab connect-plugin-path sync-manifests --plugin-path ${join(dir, 'plugins', 'ingest')}`,
    );
  });
});
