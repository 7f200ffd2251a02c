/**
 * Bad inputs of the data-lake components (docs/errors.md, rows L01-L24): one test per row, each
 * running the built CLI and checking the exact message, hint, exit code and that no stack trace
 * is printed. Rows that need a running HDFS (L12, L13, L22-L24) are checked in
 * test/e2e/lake/hdfs.test.ts; the rest here, with one PostgreSQL for the SQL rows.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { userNameOf } from '../../../src/components/server-user.js';
import { runCli } from '../../helpers/cli.js';
import { expectError } from '../../helpers/expect-error.js';
import { freePort } from '../../helpers/kafka.js';

const bootstrap = inject('bootstrap');
const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-lake-errors-'));
chmodSync(tmp, 0o755);
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run') };
const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runCli(args, { env: { ...env, ...extraEnv }, timeoutMs: 60_000 });
const isRoot = process.getuid?.() === 0;

let busy: Server;
let busyPort: number;

beforeAll(async () => {
  // a port something else holds
  busy = createServer(() => {});
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  busyPort = (busy.address() as { port: number }).port;
});

afterAll(async () => {
  busy?.close();
  await cli(['db', 'stop', '--all']).catch(() => undefined);
  await cli(['mqtt', 'stop']).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

const portHint = (p: number) => `Another program listens on ${p} (see: ss -ltnp | grep :${p}); stop it or choose another port.`;

describe('database', () => {
  it('L01 db start: port in use', async () => {
    expectError(
      await cli(['db', 'start', '--dir', join(tmp, 'pg-busy'), '--port', String(busyPort)]),
      1,
      `PostgreSQL port ${busyPort} is already in use`,
      portHint(busyPort),
    );
  });

  it('L02 db start: PostgreSQL not installed (or not where kafka-lab looks)', async () => {
    const empty = join(tmp, 'no-bin');
    mkdirSync(empty, { recursive: true });
    expectError(
      await cli(['db', 'start', '--dir', join(tmp, 'pg-nobin'), '--port', String(await freePort())], { KAFKA_LAB_POSTGRES_BIN: empty }),
      1,
      'PostgreSQL is not installed: postgres not found',
      'Install it with: apt-get install postgresql (kafka-lab looks in /usr/lib/postgresql/*/bin, or $KAFKA_LAB_POSTGRES_BIN)',
    );
  });

  it.runIf(isRoot)('L03 db start: a data folder that belongs to another user', async () => {
    const dir = join(tmp, 'md-other');
    mkdirSync(join(dir, 'data'), { recursive: true });
    // someone else's folder: one owned by nobody (giving a folder away needs root)
    chownSync(join(dir, 'data'), 65534, 65534);
    const me = userNameOf(process.getuid?.() ?? 0);
    expectError(
      await cli(['db', 'start', '--db', 'mariadb', '--dir', dir, '--port', String(await freePort())]),
      1,
      `the data folder ${join(dir, 'data')} belongs to ${userNameOf(65534)}, not to ${me} (the user MariaDB runs as)`,
      `Choose another --dir, or hand the folder over: chown -R ${me} ${join(dir, 'data')}`,
    );
  });

  it.runIf(isRoot)('L04 db start as root: a folder the postgres user cannot reach', async () => {
    const closed = join(tmp, 'closed');
    mkdirSync(closed, { recursive: true });
    chmodSync(closed, 0o700);
    expectError(
      await cli(['db', 'start', '--dir', join(closed, 'pg'), '--port', String(await freePort())]),
      1,
      `the folder ${join(closed, 'pg')} is not reachable by the postgres user (${closed} is closed to it)`,
      `PostgreSQL runs as postgres: choose a --dir it can reach (e.g. under /var/tmp), or open the way: chmod o+x ${closed}`,
    );
  });

  it('L05 db sql with no database running', async () => {
    expectError(
      await cli(['db', 'sql', 'SELECT 1']),
      1,
      'no database started by kafka-lab is running',
      'Start one with: kafka-lab db start (kafka-lab db status lists the running ones)',
    );
  });

  it('L08 db: unknown action', async () => {
    expectError(await cli(['db', 'restart']), 2, "unknown action 'restart' for 'db'", 'Actions: start, stop, status, sql, seed');
  });

  it('L09 db stop when none runs', async () => {
    expectError(
      await cli(['db', 'stop', '--db', 'mariadb']),
      1,
      'no MariaDB started by kafka-lab is running',
      'kafka-lab db status lists the running ones; kafka-lab only stops databases it started.',
    );
  });

  describe('with a running PostgreSQL', () => {
    let port = 0;
    beforeAll(async () => {
      port = await freePort();
      const r = await cli(['db', 'start', '--dir', join(tmp, 'pg'), '--port', String(port)]);
      expect(r.exitCode, r.stderr).toBe(0);
    });

    it('L06 db sql before db seed: the lab database does not exist yet', async () => {
      expectError(
        await cli(['db', 'sql', 'SELECT * FROM orders']),
        1,
        `database 'lab' does not exist on PostgreSQL 127.0.0.1:${port}`,
        "Create the lab's database with: kafka-lab db seed (database lab, table orders), or pass --database postgres",
      );
    });

    it('L07 db sql: the server refuses the statement', async () => {
      expectError(
        await cli(['db', 'sql', 'SELECT * FROM nosuch', '--database', 'postgres']),
        1,
        'PostgreSQL: ERROR: relation "nosuch" does not exist',
        'Nothing after the failing statement was run.',
      );
    });

    it('L10 db start of a folder already running on another port', async () => {
      const other = await freePort();
      expectError(
        await cli(['db', 'start', '--dir', join(tmp, 'pg'), '--port', String(other)]),
        1,
        `PostgreSQL of ${join(tmp, 'pg')} is already running on 127.0.0.1:${port} (pid ${/pid (\d+)/.exec((await cli(['db', 'status'])).stdout)?.[1]})`,
        `Stop it first (kafka-lab db stop --db postgres --port ${port}), or give this one another --dir.`,
      );
    });
  });
});

describe('HDFS', () => {
  it('L11 hdfs start without the hadoop engine', async () => {
    const home = join(tmp, 'empty-home');
    mkdirSync(home, { recursive: true });
    expectError(
      await cli(['hdfs', 'start', '--dir', join(tmp, 'hdfs-x')], { KAFKA_LAB_HOME: home }),
      1,
      'the hadoop engine 3.4.1 is not installed',
      'Install it with: kafka-lab engine install --hadoop',
    );
  });

  it('L14 hdfs start: a port in use', async () => {
    const [a, b, c, d] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    expectError(
      await cli([
        'hdfs',
        'start',
        '--dir',
        join(tmp, 'hdfs-busy'),
        '--rpc-port',
        String(a),
        '--http-port',
        String(busyPort),
        '--datanode-port',
        String(b),
        '--datanode-http-port',
        String(c),
        '--datanode-ipc-port',
        String(d),
      ]),
      1,
      `NameNode HTTP port ${busyPort} is already in use`,
      portHint(busyPort),
    );
  });

  it('L15 hdfs ls when HDFS is not running', async () => {
    const port = await freePort();
    expectError(
      await cli(['hdfs', 'ls', '/', '--url', `http://127.0.0.1:${port}`]),
      1,
      `HDFS is not answering at http://127.0.0.1:${port} (ECONNREFUSED)`,
      'Is it running? kafka-lab hdfs status tells; kafka-lab hdfs start starts it.',
    );
  });

  it('L16 engine install --hadoop: not a version', async () => {
    expectError(
      await cli(['engine', 'install', '--hadoop', '--version', 'latest']),
      2,
      "'latest' is not a Hadoop version",
      'Use a release number such as 3.4.1.',
    );
  });
});

describe('MQTT and devices', () => {
  it('L17 mqtt start: port in use', async () => {
    expectError(
      await cli(['mqtt', 'start', '--dir', join(tmp, 'mq-busy'), '--port', String(busyPort)]),
      1,
      `mosquitto port ${busyPort} is already in use`,
      portHint(busyPort),
    );
  });

  it('L18 mqtt start: mosquitto not installed (or not where kafka-lab looks)', async () => {
    expectError(
      await cli(['mqtt', 'start', '--dir', join(tmp, 'mq-nobin'), '--port', String(await freePort())], { KAFKA_LAB_MOSQUITTO: join(tmp, 'no', 'mosquitto') }),
      1,
      'mosquitto is not installed',
      'Install it with: apt-get install mosquitto (kafka-lab looks on PATH and in /usr/sbin, or $KAFKA_LAB_MOSQUITTO)',
    );
  });

  it('L19 device-sim: no MQTT broker at the URL', async () => {
    const port = await freePort();
    expectError(
      await cli(['device-sim', '--count', '5', '--mqtt', `mqtt://127.0.0.1:${port}`]),
      1,
      `cannot connect to the MQTT broker at mqtt://127.0.0.1:${port}: connection refused`,
      'Is it running? kafka-lab mqtt start starts mosquitto (kafka-lab mqtt status tells where it listens); or check --mqtt.',
    );
  });

  it('L20 device-sim: a rate of 0', async () => {
    expectError(
      await cli(['device-sim', '--rate', '0']),
      2,
      '--rate must be a number of readings per second per device above 0 (got 0)',
      'Example: --rate 2 (each device sends 2 readings a second); --rate 0.1 (one every 10 s)',
    );
  });

  it('L21 device-sim --kafka-topic: a topic that does not exist', async () => {
    expectError(
      await cli(['device-sim', '--count', '5', '--kafka-topic', 'no-such-readings', '--bootstrap-server', bootstrap]),
      1,
      "topic 'no-such-readings' does not exist",
      `Create it first: kafka-lab topics --create --topic no-such-readings --bootstrap-server ${bootstrap}`,
    );
  });
});
