/**
 * A worker in the foreground: its log streamed to stdout, Ctrl-C (SIGINT) stops the JVM and
 * exits 130 with nothing left behind; `connect top` live (no TTY here: one screen per refresh)
 * exits 130 on Ctrl-C too; Kafka's connect-plugin-path tool runs on the engine's classpath.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN, runCli } from '../../helpers/cli.js';
import { eventually, pidAlive, writeStandaloneWorker } from './helpers.js';

const bootstrap = inject('bootstrap');
const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-connect-fg-'));
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run'), LOG_DIR: join(tmp, 'logs') };
const cli = (args: string[], timeoutMs = 120_000) => runCli(args, { env, timeoutMs });
const plugins = join(tmp, 'plugins');
const topic = `connect-fg-${process.pid}`;
let worker: { file: string; port: number; url: string };
let fg: ChildProcess | undefined;
let fgOut = '';
let workerPid = 0;

function start(args: string[]): { child: ChildProcess; output: () => string; exit: Promise<number> } {
  let output = '';
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number>((r) => child.on('close', (code, signal) => r(code ?? (signal ? 128 : -1))));
  return { child, output: () => output, exit };
}

beforeAll(async () => {
  expect((await cli(['plugin', 'install', 'file', '--dir', plugins])).exitCode).toBe(0);
  expect((await cli(['topics', '--create', '--topic', topic, '--bootstrap-server', bootstrap])).exitCode).toBe(0);
  worker = await writeStandaloneWorker(tmp, bootstrap, plugins);
  writeFileSync(join(tmp, 'in.txt'), 'x\ny\n');
  writeFileSync(join(tmp, 'source.properties'), `name=fg-source\nconnector.class=FileStreamSource\nfile=${join(tmp, 'in.txt')}\ntopic=${topic}\n`);
});

afterAll(async () => {
  if (fg && fg.exitCode === null) fg.kill('SIGKILL');
  await cli(['connect-stop', '--all']);
  if (workerPid && pidAlive(workerPid)) process.kill(workerPid, 'SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

describe('a Connect worker in the foreground', () => {
  let run: ReturnType<typeof start>;

  it('streams its log and serves REST', async () => {
    run = start(['connect-standalone', worker.file, join(tmp, 'source.properties'), '--heap', '384m']);
    fg = run.child;
    const pidFile = join(env.KAFKA_LAB_RUN_DIR, `connect-${worker.port}.json`);
    await eventually('the REST API', async () => (await cli(['connect', 'list', '--url', worker.url])).stdout.includes('fg-source'), 60_000);
    workerPid = JSON.parse(readFileSync(pidFile, 'utf8')).pid;
    expect(pidAlive(workerPid)).toBe(true);
    fgOut = run.output();
    expect(fgOut).toMatch(/INFO Kafka Connect worker initializing/);
    expect(fgOut).toMatch(/INFO REST server listening at http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('connect top refreshes until Ctrl-C and exits 130', async () => {
    const top = start(['connect', 'top', '--url', worker.url, '--interval', '500']);
    await eventually('two refreshes', () => (top.output().match(/^CONNECTOR +TASK/gm) ?? []).length >= 2, 20_000);
    top.child.kill('SIGINT');
    expect(await top.exit).toBe(130);
    expect(top.output()).toMatch(/^fg-source +- +source +RUNNING/m);
    expect(top.output()).not.toContain('\x1b['); // no screen control codes without a terminal
  });

  it("Kafka's connect-plugin-path lists the installed plugin", async () => {
    const r = await cli(['connect-plugin-path', 'list', '--plugin-path', plugins]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('org.apache.kafka.connect.file.FileStreamSinkConnector');
    expect(r.stdout).toContain('org.apache.kafka.connect.file.FileStreamSourceConnector');
  });

  it('Ctrl-C stops the JVM, exits 130 and removes the pid file', async () => {
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(130);
    expect(run.output()).toContain(`stopping the Connect worker (standalone) (pid ${workerPid}) ...`);
    expect(pidAlive(workerPid)).toBe(false);
    expect(existsSync(join(env.KAFKA_LAB_RUN_DIR, `connect-${worker.port}.json`))).toBe(false);
  });
});
