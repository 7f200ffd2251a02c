/**
 * A data-lake lab with MariaDB and the lake in a local folder (file://), on real processes:
 * pipelines-scaffold, cluster up (P05 first: a port of the lab in use stops it before anything
 * starts), MariaDB CDC through Debezium (snapshot rows and new inserts each arrive once, one
 * flat message per row), device readings through mosquitto and the MQTT source, the Iceberg
 * sink into file:// tables (record counts read from the tables' metadata), cluster status, and
 * cluster down leaving no process behind. The PostgreSQL + HDFS lab (and HDFS failing) is
 * covered by `kafka-lab demo --pipelines` in demo.test.ts.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabManifest } from '../../../src/cluster/scaffold.js';
import { readTableFacts } from '../../../src/pipelines/lake.js';
import { readAll } from '../../helpers/client.js';
import { runCli } from '../../helpers/cli.js';
import { expectError } from '../../helpers/expect-error.js';
import { eventually, freePortBlock, pidAlive, processesMentioning } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-lake-mariadb-'));
chmodSync(tmp, 0o755);
const dir = join(tmp, 'lake-lab');
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run') };
const cli = (args: string[], timeoutMs = 300_000) => runCli(args, { env, cwd: existsSync(dir) ? dir : tmp, timeoutMs });
let manifest: LabManifest;
let base = 0;

interface Row {
  id: number;
  customer: string;
  __op: string;
}

beforeAll(async () => {
  base = await freePortBlock(30, 3);
  // the first run on a machine installs the plugins through Maven (minutes); later runs link them
  const r = await cli(['pipelines-scaffold', '--dir', dir, '--db', 'mariadb', '--lake', 'local', '--base-port', String(base)], 900_000);
  expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
  manifest = JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')) as LabManifest;
}, 900_000);

afterAll(async () => {
  await cli(['cluster', 'down', '--purge', '--yes']);
  rmSync(tmp, { recursive: true, force: true });
});

describe('a MariaDB + local lake lab', () => {
  it('P05 cluster up: a port of the lab in use stops it before anything starts', async () => {
    const port = base + 22;
    const busy: Server = createServer(() => {});
    await new Promise<void>((r) => busy.listen(port, '127.0.0.1', () => r()));
    try {
      expectError(
        await cli(['cluster', 'up']),
        1,
        `port ${port} of the lab (mosquitto) is already in use`,
        `Another program listens on ${port} (see: ss -ltnp | grep :${port}); stop it or scaffold the lab again with another --base-port.`,
      );
    } finally {
      busy.close();
    }
    const pidFiles = existsSync(env.KAFKA_LAB_RUN_DIR) ? readdirSync(env.KAFKA_LAB_RUN_DIR).filter((n) => n.endsWith('.json')) : [];
    expect(pidFiles).toEqual([]);
  });

  it('cluster up starts every process, then the connectors, all running', async () => {
    const up = await cli(['cluster', 'up'], 420_000);
    expect(up.exitCode, `${up.stdout}\n${up.stderr}`).toBe(0);
    const st = await cli(['cluster', 'status', '--output', 'json']);
    expect(st.exitCode, st.stderr).toBe(0);
    const s = JSON.parse(st.stdout) as {
      processes: { name: string; state: string }[];
      pipelines: {
        components: { name: string; state: string }[];
        workers: { name: string; connectors: { name: string; state: string; tasks: { state: string }[] }[] }[];
      };
    };
    expect(s.processes.map((p) => [p.name, p.state])).toEqual([
      ['zookeeper', 'running'],
      ['broker-1', 'running'],
    ]);
    expect(s.pipelines.components.map((p) => [p.name, p.state])).toEqual([
      ['mariadb', 'running'],
      ['mosquitto', 'running'],
      ['connect-ingest', 'running'],
      ['connect-lake', 'running'],
    ]);
    const connectors = s.pipelines.workers.flatMap((w) => w.connectors.map((c) => [w.name, c.name, c.state, c.tasks.map((t) => t.state).join(',')]));
    expect(connectors).toEqual([
      ['ingest', 'orders-cdc', 'RUNNING', 'RUNNING'],
      ['ingest', 'readings-mqtt', 'RUNNING', 'RUNNING'],
      ['lake', 'orders-lake', 'RUNNING', 'RUNNING'],
      ['lake', 'readings-lake', 'RUNNING', 'RUNNING'],
    ]);
  });

  it('MariaDB CDC: the snapshot rows and new inserts each arrive once, one flat message per row', async () => {
    const p = manifest.pipelines!;
    expect(p.db.topic).toBe('lab.lab.orders');
    const rows = async () => (await readAll(manifest.bootstrapServers, p.db.topic)).map((r) => JSON.parse(r.value!.toString('utf8')) as Row);
    const snapshot = await eventually('the 3 snapshot rows', rows, (r) => r.length >= 3, 60_000);
    expect(snapshot.map((r) => [r.id, r.customer, r.__op])).toEqual([
      [1, 'alice', 'r'],
      [2, 'bob', 'r'],
      [3, 'carol', 'r'],
    ]);
    const ins = await cli([
      'db',
      'sql',
      '--db',
      'mariadb',
      '--port',
      String(p.db.port),
      "INSERT INTO orders (customer, product, quantity, price) VALUES ('dave', 'mouse', 1, 19.99), ('erin', 'desk', 1, 250.00)",
    ]);
    expect(ins.exitCode, ins.stderr).toBe(0);
    await eventually('the 2 inserts', rows, (r) => r.length >= 5, 60_000);
    // a little longer: nothing arrives twice
    await new Promise((r) => setTimeout(r, 3000));
    const all = await rows();
    expect(all.map((r) => [r.id, r.__op])).toEqual([
      [1, 'r'],
      [2, 'r'],
      [3, 'r'],
      [4, 'c'],
      [5, 'c'],
    ]);
    // the console consumer shows the same flat rows
    const shown = await cli(['console-consumer', '--topic', p.db.topic, '--from-beginning', '--max-messages', '5', '--timeout-ms', '20000']);
    expect(shown.stdout.split('\n').filter((l) => l.startsWith('{'))).toHaveLength(5);
    expect(shown.stdout).toContain('"customer":"erin","product":"desk","quantity":1,"price":250.0');
  });

  it('device readings: mosquitto, the MQTT source, then the lake', async () => {
    const p = manifest.pipelines!;
    const sim = await cli(['device-sim', '--devices', '2', '--rate', '10', '--count', '20', '--mqtt', `mqtt://127.0.0.1:${p.mqtt.port}`, '--quiet']);
    expect(sim.stdout).toContain('delivered 20, failed 0');
    const records = await eventually(
      '20 readings in the topic',
      () => readAll(manifest.bootstrapServers, p.mqtt.topic),
      (r) => r.length >= 20,
      60_000,
    );
    expect(records.map((r) => r.key!.toString()).every((k) => /^devices\/device-00[12]$/.test(k))).toBe(true);
    const t = await eventually(
      '20 readings in lake.readings',
      () => readTableFacts(p, 'lake.readings'),
      (f) => f.records >= 20,
      120_000,
    );
    expect(t.records).toBe(20);
  });

  it('the Iceberg sink writes Parquet into file:// tables; the count comes from the table metadata', async () => {
    const p = manifest.pipelines!;
    const t = await eventually(
      '5 rows in lake.orders',
      () => readTableFacts(p, 'lake.orders'),
      (f) => f.records >= 5,
      120_000,
    );
    expect(t).toMatchObject({ exists: true, records: 5 });
    const data = join(dir, 'warehouse', 'lake', 'orders', 'data');
    const parquet = readdirSync(data).filter((n) => n.endsWith('.parquet'));
    expect(parquet.length).toBe(t.dataFiles);
    // a Parquet file starts and ends with its magic bytes
    const bytes = readFileSync(join(data, parquet[0]!));
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(bytes.subarray(bytes.length - 4).toString()).toBe('PAR1');
    const st = await cli(['cluster', 'status']);
    expect(st.stdout).toMatch(/table\s*│\s*lake\.orders\s*│\s*5\s*│/);
  });

  it('cluster down stops every process of the lab by pid: no JVM, database or mosquitto left', async () => {
    const st = JSON.parse((await cli(['cluster', 'status', '--output', 'json'])).stdout) as {
      processes: { pid?: number }[];
      pipelines: { components: { pid?: number }[] };
    };
    const pids = [...st.processes, ...st.pipelines.components].map((p) => p.pid).filter((p): p is number => p !== undefined);
    expect(pids).toHaveLength(6);
    expect(pids.every(pidAlive)).toBe(true);
    const down = await cli(['cluster', 'down']);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(pids.filter(pidAlive)).toEqual([]);
    expect(processesMentioning(dir)).toEqual([]);
    expect(readdirSync(env.KAFKA_LAB_RUN_DIR).filter((n) => n.endsWith('.json'))).toEqual([]);
  });
});
