/**
 * The lab database on real servers: PostgreSQL (as the postgres user when we are root) and
 * MariaDB start in a temp folder on a free loopback port with change data capture on (checked
 * by asking the server), take a row, and stop by pid leaving no process behind.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childPids } from '../../../src/components/records.js';
import { runCli } from '../../helpers/cli.js';
import { processAlive } from '../../helpers/expect-error.js';
import { freePort } from '../../helpers/kafka.js';

const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-db-'));
// PostgreSQL runs as `postgres` when we are root: it must be able to pass through this folder
chmodSync(tmp, 0o755);
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run') };
const cli = (args: string[]) => runCli(args, { env, timeoutMs: 90_000 });

afterAll(async () => {
  await cli(['db', 'stop', '--all']).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

const CASES = [
  { kind: 'postgres', label: 'PostgreSQL', cdc: 'SHOW wal_level', expected: ['logical'] },
  { kind: 'mariadb', label: 'MariaDB', cdc: 'SELECT @@binlog_format, @@binlog_row_image, @@log_bin', expected: ['ROW', 'FULL'] },
] as const;

describe.each(CASES)('$label', ({ kind, label, cdc, expected }) => {
  it('starts with change data capture on, takes a row, stops by pid and leaves no process', async () => {
    const port = await freePort();
    const dir = join(tmp, kind);
    const start = await cli(['db', 'start', '--db', kind, '--dir', dir, '--port', String(port), '--seed']);
    expect(start.exitCode, start.stderr).toBe(0);
    const pid = Number(/pid (\d+)/.exec(start.stdout)?.[1]);
    expect(start.stdout).toContain(`${label} started: pid ${pid}, address 127.0.0.1:${port}, folder ${dir}`);
    expect(start.stdout).toContain('seeded: database lab, table orders (3 rows)');
    expect(processAlive(pid)).toBe(true);
    expect(readdirSync(env.KAFKA_LAB_RUN_DIR)).toContain(`${kind}-${port}.json`);
    const helpers = childPids(pid);
    if (kind === 'postgres') expect(helpers.length).toBeGreaterThan(0); // checkpointer, walwriter ...

    // the server itself says CDC is on
    const setting = await cli(['db', 'sql', cdc, '--db', kind]);
    expect(setting.exitCode, setting.stderr).toBe(0);
    for (const e of expected) expect(setting.stdout).toContain(e);

    const insert = await cli([
      'db',
      'sql',
      "INSERT INTO orders (customer, product, quantity, price) VALUES ('dave', 'mouse', 1, 9.99)",
      '--port',
      String(port),
    ]);
    expect(insert.exitCode, insert.stderr).toBe(0);
    const status = await cli(['db', 'status', '--db', kind, '-o', 'json']);
    expect(status.exitCode, status.stderr).toBe(0);
    const [s] = JSON.parse(status.stdout) as { pid: number; cdcValue: string; seedRows: number; connection: { port: number } }[];
    expect(s).toMatchObject({ pid, cdcValue: expected[0], seedRows: 4, connection: { port } });

    // seeding again adds nothing
    const reseed = await cli(['db', 'seed', '--db', kind]);
    expect(reseed.stdout).toContain('table orders (4 rows)');

    const stop = await cli(['db', 'stop', '--db', kind]);
    expect(stop.exitCode, stop.stderr).toBe(0);
    expect(stop.stdout).toMatch(new RegExp(`^${label} on 127.0.0.1:${port} \\(pid ${pid}\\) stopped in \\d+\\.\\d s$`, 'm'));
    expect(processAlive(pid)).toBe(false);
    for (const h of helpers) expect(processAlive(h), `helper ${h}`).toBe(false);
    expect(existsSync(join(env.KAFKA_LAB_RUN_DIR, `${kind}-${port}.json`))).toBe(false);

    // the data stays: a second start finds the row again, without initialising
    const again = await cli(['db', 'start', '--db', kind, '--dir', dir, '--port', String(port)]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('initialised');
    const count = await cli(['db', 'status', '--db', kind, '-o', 'json']);
    expect((JSON.parse(count.stdout) as { seedRows: number }[])[0]?.seedRows).toBe(4);
    const pid2 = Number(/pid (\d+)/.exec(again.stdout)?.[1]);
    expect((await cli(['db', 'stop', '--db', kind])).exitCode).toBe(0);
    expect(processAlive(pid2)).toBe(false);
  });
});
