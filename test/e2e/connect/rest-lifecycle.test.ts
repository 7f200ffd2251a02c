/**
 * The REST client on a real distributed worker (shared broker): apply (dry run, create,
 * update, --wait), describe, pause, resume, restart, offsets get/reset (and the STOPPED rule),
 * a sink whose task fails while its connector runs (explained, --trace, --failed-only), patch,
 * delete, loggers, and connect-stop.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { freePort } from '../../helpers/kafka.js';
import { eventually, pidAlive, pidFromStartLine } from './helpers.js';

const bootstrap = inject('bootstrap');
const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-connect-rest-'));
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run'), LOG_DIR: join(tmp, 'logs') };
const cli = (args: string[], timeoutMs = 120_000) => runCli(args, { env, timeoutMs });
const id = `${process.pid}-${Date.now() % 100000}`;
const topic = `connect-rest-${id}`;
let url = '';
let pid = 0;
const c = (...args: string[]) => cli(['connect', ...args, '--url', url]);
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

beforeAll(async () => {
  const plugins = join(tmp, 'plugins');
  expect((await cli(['plugin', 'install', 'file', '--dir', plugins])).exitCode).toBe(0);
  expect((await cli(['topics', '--create', '--topic', topic, '--bootstrap-server', bootstrap])).exitCode).toBe(0);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const worker = file(
    'distributed.properties',
    [
      `bootstrap.servers=${bootstrap}`,
      `group.id=connect-lab-${id}`,
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      'value.converter=org.apache.kafka.connect.storage.StringConverter',
      `offset.storage.topic=connect-offsets-${id}`,
      'offset.storage.replication.factor=1',
      'offset.storage.partitions=1',
      `config.storage.topic=connect-configs-${id}`,
      'config.storage.replication.factor=1',
      `status.storage.topic=connect-status-${id}`,
      'status.storage.replication.factor=1',
      'status.storage.partitions=1',
      'offset.flush.interval.ms=1000',
      `listeners=${url}`,
      `plugin.path=${plugins}`,
      'plugin.discovery=service_load',
      '',
    ].join('\n'),
  );
  const r = await cli(['connect-distributed', '-daemon', worker, '--heap', '384m']);
  expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
  pid = pidFromStartLine(r.stdout);
});

afterAll(async () => {
  await cli(['connect-stop', '--all']);
  if (pid && pidAlive(pid)) process.kill(pid, 'SIGKILL');
  await cli(['topics', '--delete', '--topic', `connect-.*-${id}`, '--bootstrap-server', bootstrap]);
  rmSync(tmp, { recursive: true, force: true });
});

describe('connect REST client on a distributed worker', () => {
  it('info and plugins', async () => {
    const i = await c('info');
    expect(i.stdout).toMatch(/^Version:\s+3\.9\.2$/m);
    const p = await c('plugins', '--output', 'json');
    expect(
      JSON.parse(p.stdout)
        .map((x: { class: string }) => x.class)
        .sort(),
    ).toEqual(['org.apache.kafka.connect.file.FileStreamSinkConnector', 'org.apache.kafka.connect.file.FileStreamSourceConnector']);
  });

  it('apply: dry run, create with --wait, update', async () => {
    const input = file('in.txt', 'a\nb\nc\n');
    const source = file('source.json', JSON.stringify({ name: 'src', config: { 'connector.class': 'FileStreamSource', file: input, topic } }));
    const dry = await c('apply', '-f', source, '--dry-run');
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout.trim()).toMatch(/^config of src is valid for FileStreamSource \(\d+ settings checked\)\ndry run: would create connector src$/);
    const bad = await c('apply', '-f', file('bad.properties', `name=bad\nconnector.class=FileStreamSource\nfile=${input}\n`), '--dry-run');
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/^config of bad has 1 error \(FileStreamSource\):\n {2}topic: /);
    const created = await c('apply', '-f', source, '--wait', '30000');
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe('connector src created; running with 1 task');
    const again = await c('apply', '-f', source);
    expect(again.stdout.trim()).toBe('connector src updated');
    const dryUpdate = await c('apply', '-f', source, '--dry-run');
    expect(dryUpdate.stdout).toContain('dry run: connector src exists with this config; nothing would change');
  });

  it('describe, pause, resume, restart', async () => {
    const d = await c('describe', 'src');
    expect(d.stdout).toMatch(/^State:\s+RUNNING$/m);
    expect(d.stdout).toContain(`  topic:            ${topic}`);
    expect((await c('pause', 'src')).stdout.trim()).toBe('connector src paused');
    await eventually('PAUSED in list', async () => /^src\s+source\s+PAUSED\s+0: PAUSED$/m.test((await c('list')).stdout));
    expect((await c('resume', 'src')).stdout.trim()).toBe('connector src resumed');
    await eventually('RUNNING in list', async () => /^src\s+source\s+RUNNING\s+0: RUNNING$/m.test((await c('list')).stdout));
    const r = await c('restart', 'src');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^connector src: restarting /);
  });

  it('C08 offsets: get; reset is refused while the connector runs, works once STOPPED', async () => {
    const got = await eventually('a stored offset', async () => {
      const o = JSON.parse((await c('offsets', 'get', 'src', '--output', 'json')).stdout);
      return o.offsets.length > 0 ? o : undefined;
    });
    expect(got.offsets[0].offset).toEqual({ position: 6 });
    const refused = await c('offsets', 'reset', 'src');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^error: Connectors must be in the STOPPED state before their offsets can be modified.* \(HTTP 400\)$/m);
    expect(refused.stderr).toContain('hint: Stop the connector first: kafka-lab connect stop src (offsets change only while it is STOPPED).');
    expect((await c('stop', 'src')).stdout.trim()).toBe('connector src stopped');
    await eventually('STOPPED', async () => /^src\s+source\s+STOPPED/m.test((await c('list')).stdout));
    const reset = await c('offsets', 'reset', 'src');
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/reset successfully/);
    expect(JSON.parse((await c('offsets', 'get', 'src', '--output', 'json')).stdout).offsets).toEqual([]);
  });

  it('C09 a RUNNING connector with a FAILED task is explained; --trace; --failed-only; patch', async () => {
    const missing = join(tmp, 'no-such-dir', 'out.txt');
    const sink = file('sink.properties', `name=snk\nconnector.class=FileStreamSink\ntasks.max=1\nfile=${missing}\ntopics=${topic}\n`);
    const r = await c('apply', '-f', sink, '--wait', '30000');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'error: connector snk is RUNNING, but task 0 is FAILED: the connector state covers only the Connector instance; records move in tasks, and no task runs.',
    );
    expect(r.stderr).toMatch(/^ {2}task 0: .*no-such-dir/m);
    expect(r.stderr).toContain('hint: Connect never restarts a failed task by itself: kafka-lab connect restart snk --failed-only');
    const d = await c('describe', 'snk');
    expect(d.stdout).toMatch(/^ {4}Error: {6}\S.*no-such-dir/m);
    expect(d.stdout).not.toMatch(/^\s+at /m);
    const t = await c('describe', 'snk', '--trace');
    expect(t.stdout).toMatch(/^ {4}Trace:$/m);
    expect(t.stdout).toMatch(/^ {6}\s*at org\.apache\.kafka\.connect\./m);
    const patched = await c('patch', 'snk', `file=${join(tmp, 'out.txt')}`);
    expect(patched.stdout.trim()).toBe('connector snk patched: file');
    // a config change restarts the tasks; --failed-only then finds nothing failed, or restarts what still is
    await eventually('snk running', async () => /^snk\s+sink\s+RUNNING\s+0: RUNNING$/m.test((await c('list')).stdout));
    const again = await c('restart', 'snk', '--failed-only');
    expect(again.stdout.trim()).toBe('nothing to restart: connector snk has no failed task');
  });

  it('C07 unknown connector (after delete); loggers', async () => {
    const set = await c('loggers', 'set', 'org.apache.kafka.connect.file', 'DEBUG');
    expect(set.stdout).toMatch(/^org\.apache\.kafka\.connect\.file set to DEBUG/);
    expect((await c('loggers', '--output', 'json')).stdout).toContain('"org.apache.kafka.connect.file"');
    expect((await c('delete', 'snk')).stdout.trim()).toBe('connector snk deleted');
    expect((await c('list')).stdout).not.toMatch(/^snk /m);
    const gone = await c('describe', 'snk');
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toContain('error: Connector snk not found (HTTP 404)');
    expect(gone.stderr).toContain('hint: kafka-lab connect list shows the connectors of this worker.');
  });

  it('connect-stop leaves no JVM', async () => {
    const r = await cli(['connect-stop']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(pidAlive(pid)).toBe(false);
  });
});
