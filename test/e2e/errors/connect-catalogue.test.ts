/**
 * The Kafka Connect rows of the bad-input catalogue (docs/errors.md, C01-C15): one test per
 * row, named by its id, checking the exact message, the hint, the exit code and that no stack
 * trace is printed. None of these starts a worker: each is refused before a JVM runs (rows
 * C07-C09 need a running worker and are checked in test/e2e/connect/rest-lifecycle.test.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type RunResult } from '../../helpers/cli.js';
import { freePort } from '../../helpers/kafka.js';

const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-connect-errors-'));
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run'), LOG_DIR: join(tmp, 'logs') };
const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runCli(args, { env: { ...env, ...extraEnv }, timeoutMs: 60_000 });
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const INSTALLABLE = 'file, mirror, debezium-postgres, debezium-mysql, debezium-mariadb, iceberg, mqtt';

function expectError(r: RunResult, exitCode: number, message: string, hint: string): void {
  const all = `${r.stdout}\n${r.stderr}`;
  expect(all, 'stack trace printed').not.toMatch(/^\s+at /m);
  expect(r.exitCode, all).toBe(exitCode);
  expect(
    r.stderr.split('\n').filter((l) => l.startsWith('error: ')),
    r.stderr,
  ).toContain(`error: ${message}`);
  expect(r.stderr.split('\n').find((l) => l.startsWith('hint: '))).toBe(`hint: ${hint}`);
}

let busy: Server;
let busyPort: number;
let closedPort: number;
const emptyPlugins = join(tmp, 'no-plugins');

function worker(name: string, lines: string[]): string {
  return file(name, `${lines.join('\n')}\n`);
}

beforeAll(async () => {
  mkdirSync(emptyPlugins, { recursive: true });
  busy = createServer(() => {});
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  busyPort = (busy.address() as { port: number }).port;
  closedPort = await freePort();
});

afterAll(async () => {
  busy?.close();
  await cli(['connect-stop', '--all']).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

describe('Kafka Connect bad input', () => {
  it('C01 connect-standalone without a worker config', async () => {
    expectError(
      await cli(['connect-standalone']),
      2,
      'missing the worker config file',
      'USAGE: kafka-lab connect-standalone [-daemon] worker.properties [connector1.properties connector2.json ...]',
    );
  });

  it('C02 a connector class no installed plugin provides (the installable ones named)', async () => {
    const port = await freePort();
    const w = worker('c02.properties', [
      `bootstrap.servers=127.0.0.1:${closedPort}`,
      `offset.storage.file.filename=${join(tmp, 'c02.offsets')}`,
      `listeners=http://127.0.0.1:${port}`,
      `plugin.path=${emptyPlugins}`,
    ]);
    const conn = file('c02-source.properties', 'name=s\nconnector.class=FileStreamSource\nfile=/tmp/x\ntopic=t\n');
    expectError(
      await cli(['connect-standalone', '-daemon', w, conn]),
      1,
      `no installed plugin provides connector.class=FileStreamSource (${conn})`,
      `Install it: kafka-lab plugin install file (installable: ${INSTALLABLE}); plugin.path: ${emptyPlugins}`,
    );
  });

  it('C03 REST port in use', async () => {
    const w = worker('c03.properties', [
      `bootstrap.servers=127.0.0.1:${closedPort}`,
      `offset.storage.file.filename=${join(tmp, 'c03.offsets')}`,
      `listeners=http://127.0.0.1:${busyPort}`,
    ]);
    expectError(
      await cli(['connect-standalone', '-daemon', w]),
      1,
      `REST listener port ${busyPort} is already in use`,
      `Another program listens on ${busyPort} (see: ss -ltnp | grep :${busyPort}); stop it or set another port in listeners.`,
    );
  });

  it('C04 brokers unreachable (bootstrap.servers)', async () => {
    const port = await freePort();
    const w = worker('c04.properties', [
      `bootstrap.servers=127.0.0.1:${closedPort}`,
      `offset.storage.file.filename=${join(tmp, 'c04.offsets')}`,
      `listeners=http://127.0.0.1:${port}`,
    ]);
    expectError(
      await cli(['connect-standalone', '-daemon', w]),
      1,
      `cannot reach the brokers at 127.0.0.1:${closedPort} (bootstrap.servers in ${w})`,
      'Start a broker first (kafka-lab server-start -daemon server.properties), or fix bootstrap.servers.',
    );
  });

  it('C05 a distributed worker config without its required settings', async () => {
    const w = worker('c05.properties', [`bootstrap.servers=127.0.0.1:${closedPort}`]);
    expectError(
      await cli(['connect-distributed', '-daemon', w]),
      1,
      `${w} lacks group.id, config.storage.topic, offset.storage.topic, status.storage.topic (required by a distributed worker)`,
      'kafka-lab config print connect-distributed shows a complete worker config.',
    );
  });

  it('C06 no Connect worker at --url', async () => {
    expectError(
      await cli(['connect', 'list', '--url', `http://127.0.0.1:${closedPort}`]),
      1,
      `cannot reach Kafka Connect at http://127.0.0.1:${closedPort}: connection refused`,
      'Is a Connect worker running there? Start one with kafka-lab connect-standalone -daemon ..., or pass --url.',
    );
  });

  it('C10 unknown connect action (nearest suggested)', async () => {
    expectError(
      await cli(['connect', 'descibe', 'x']),
      2,
      "unknown action 'descibe' for 'connect'",
      "did you mean 'kafka-lab connect describe'? (actions: info, plugins, list, describe, apply, patch, pause, resume, stop, restart, delete, offsets, loggers, top)",
    );
  });

  it('C11 a connector file without connector.class', async () => {
    const f = file('c11.json', '{"name":"x","config":{"file":"/tmp/x"}}');
    expectError(
      await cli(['connect', 'apply', '-f', f, '--url', `http://127.0.0.1:${closedPort}`]),
      1,
      `${f} has no connector.class`,
      'Name the connector class, e.g. connector.class=FileStreamSource (kafka-lab connect plugins lists them).',
    );
  });

  it('C12 plugin install of an unknown name', async () => {
    expectError(
      await cli(['plugin', 'install', 'nosuch', '--dir', join(tmp, 'p12')]),
      2,
      "'nosuch' is neither a known plugin nor Maven coordinates",
      `Known plugins: ${INSTALLABLE}; or give G:A:V[:tar.gz:plugin].`,
    );
  });

  it('C13 plugin install of coordinates Maven Central does not serve', async () => {
    expectError(
      await cli(['plugin', 'install', 'org.example.kafkalab:no-such-connector:1.0', '--dir', join(tmp, 'p13')]),
      1,
      'Maven Central does not serve org.example.kafkalab:no-such-connector:1.0',
      'Check the coordinates (group:artifact:version[:type:classifier]); kafka-lab plugin list shows the verified plugins.',
    );
  });

  it('C14 connect-stop with no worker running', async () => {
    expectError(
      await cli(['connect-stop']),
      1,
      'No Connect worker to stop',
      'kafka-lab only stops workers it started (their pid files are in the run folder).',
    );
  });

  it('C15 plugin install without Maven on PATH', async () => {
    expectError(
      await cli(['plugin', 'install', 'file', '--dir', join(tmp, 'p15')], { PATH: join(tmp, 'empty-path') }),
      1,
      'Maven (mvn) not found on PATH',
      'kafka-lab installs Connect plugins from Maven Central through Maven: install it (e.g. apt-get install maven).',
    );
  });
});
