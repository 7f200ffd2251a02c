/**
 * Kafka Connect on real workers against the shared broker: FileStreamSource → topic →
 * FileStreamSink on a 3.9.2 and a 4.1.2 worker (connect-file installed from Maven Central by
 * `plugin install file`), `connect top --output json` whose numbers move, and `connect-stop`
 * leaving no JVM (checked by pid).
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { eventually, pidAlive, pidFromStartLine, writeStandaloneWorker } from './helpers.js';

const bootstrap = inject('bootstrap');
const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-connect-'));
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run'), LOG_DIR: join(tmp, 'logs') };
const cli = (args: string[], timeoutMs = 120_000) => runCli(args, { env, timeoutMs });
const pids: number[] = [];

afterAll(async () => {
  await cli(['connect-stop', '--all']);
  for (const pid of pids) if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

describe.each(['3.9.2', '4.1.2'])('Connect worker on Kafka %s', (engine) => {
  const dir = join(tmp, engine);
  const topic = `connect-file-${engine.replace(/\./g, '')}-${process.pid}`;
  let worker: { file: string; port: number; url: string };
  let pid = 0;

  beforeAll(async () => {
    const plugins = join(dir, 'plugins');
    const inst = await cli(['plugin', 'install', 'file', '--engine', engine, '--dir', plugins]);
    expect(inst.exitCode, inst.stderr).toBe(0);
    expect(inst.stdout).toContain(`plugin file ${engine}: 1 jar in ${join(plugins, 'file')}`);
    expect((await cli(['topics', '--create', '--topic', topic, '--bootstrap-server', bootstrap])).exitCode).toBe(0);
    worker = await writeStandaloneWorker(dir, bootstrap, plugins);
  });

  it('copies a file through a topic into another file, and connect top counts it', async () => {
    const input = join(dir, 'in.txt');
    const output = join(dir, 'out.txt');
    writeFileSync(input, `${Array.from({ length: 50 }, (_, i) => `line-${i}`).join('\n')}\n`);
    writeFileSync(join(dir, 'source.properties'), `name=file-source\nconnector.class=FileStreamSource\ntasks.max=1\nfile=${input}\ntopic=${topic}\n`);
    writeFileSync(
      join(dir, 'sink.json'),
      JSON.stringify({ name: 'file-sink', config: { 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: output, topics: topic } }),
    );
    const start = Date.now();
    const r = await cli([
      'connect-standalone',
      '-daemon',
      worker.file,
      join(dir, 'source.properties'),
      join(dir, 'sink.json'),
      '--heap',
      '384m',
      '--engine',
      engine,
    ]);
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    pid = pidFromStartLine(r.stdout);
    pids.push(pid);
    console.log(`[connect ${engine}] worker ready in ${Date.now() - start} ms`);
    expect(r.stdout).toContain(`Connect worker (standalone) started: pid ${pid}, REST ${worker.url}`);
    expect(r.stdout).toMatch(/connector file-source: RUNNING, tasks 0: RUNNING/);
    await eventually('50 lines in the sink file', () => lines(output).length === 50);
    expect(lines(output)).toEqual(Array.from({ length: 50 }, (_, i) => `line-${i}`));

    // the numbers of connect top move as more lines flow
    const top1 = JSON.parse((await cli(['connect', 'top', '--url', worker.url, '--output', 'json'])).stdout);
    const sourceTask = (s: typeof top1) => s.connectors.find((c: { name: string }) => c.name === 'file-source').tasks[0];
    const sinkOf = (s: typeof top1) => s.connectors.find((c: { name: string }) => c.name === 'file-sink');
    expect(top1.worker.pid).toBe(pid);
    expect(top1.worker.rssBytes).toBeGreaterThan(50 * 1048576);
    expect(top1.worker.heapUsedBytes).toBeGreaterThan(0);
    expect(sourceTask(top1).recordsOut).toBe(50);
    appendFileSync(input, `${Array.from({ length: 25 }, (_, i) => `more-${i}`).join('\n')}\n`);
    await eventually('75 lines in the sink file', () => lines(output).length === 75);
    const top2 = await eventually('sink counters at 75', async () => {
      const s = JSON.parse((await cli(['connect', 'top', '--url', worker.url, '--output', 'json'])).stdout);
      return sinkOf(s).tasks[0].recordsOut >= 75 ? s : undefined;
    });
    expect(sourceTask(top2).recordsOut).toBe(75);
    expect(sinkOf(top2).tasks[0].recordsIn).toBe(75);
    // the sink group commits within offset.flush.interval.ms: lag falls to 0
    const lagged = await eventually('sink lag 0', async () => {
      const s = JSON.parse((await cli(['connect', 'top', '--url', worker.url, '--output', 'json', '--bootstrap-server', bootstrap])).stdout);
      return sinkOf(s).lag?.total === 0 ? s : undefined;
    });
    expect(sinkOf(lagged).lag.group).toBe('connect-file-sink');
  });

  it('connect-stop stops the worker and leaves no JVM', async () => {
    expect(pidAlive(pid)).toBe(true);
    const r = await cli(['connect-stop', '--port', String(worker.port)]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Connect worker ${worker.url} \\(pid ${pid}\\) stopped in [\\d.]+ s$`, 'm'));
    expect(pidAlive(pid)).toBe(false);
    expect(existsSync(join(env.KAFKA_LAB_RUN_DIR, `connect-${worker.port}.json`))).toBe(false);
  });
});
