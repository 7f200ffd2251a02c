import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerRecord } from '../../../src/engine/engine.js';
import { isRecordAlive, listServers, pidFileName, stopServer, writeServerRecord } from '../../../src/process/servers.js';
import { selectBrokers, describeStop } from '../../../src/servers/stop.js';
import { foregroundExitCode } from '../../../src/servers/start.js';
import { colourLogLine, relevantLogLines } from '../../../src/process/log-lines.js';
import { Chalk } from 'chalk';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/**
 * A stand-in JVM: node started through a symlink named `java`, with the config path on its
 * command line, like the real servers (it needs no Kafka, only a process to signal).
 */
function fakeJava(configFile: string, ignoreTerm: boolean): ChildProcess {
  const d = mkdtempSync(join(tmpdir(), 'kafka-lab-fakejava-'));
  const java = join(d, 'java');
  symlinkSync(process.execPath, java);
  const code = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} setInterval(() => {}, 1000); console.log('ready');`;
  const child = spawn(java, ['-e', code, configFile], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  return child;
}

function envWithRunDir(): NodeJS.ProcessEnv {
  return { ...process.env, KAFKA_LAB_RUN_DIR: mkdtempSync(join(tmpdir(), 'kafka-lab-run-')) };
}

function rec(over: Partial<ServerRecord>): ServerRecord {
  return {
    role: 'broker',
    pid: 0,
    nodeId: 0,
    configFile: '/nonexistent/server.properties',
    address: '127.0.0.1:9092',
    logFile: '/l',
    engine: 'apache-3.9.2',
    startedAt: new Date().toISOString(),
    ...over,
  };
}

/** Resolves once the stand-in has installed its signal handlers and said so. */
const started = (c: ChildProcess) => new Promise<void>((r) => c.stdout!.once('data', () => r()));

describe('pid files', () => {
  it('names pid files by role, id and port', () => {
    expect(pidFileName(rec({ nodeId: 2, address: 'h:9093' }))).toBe('broker-2-9093.json');
    expect(pidFileName(rec({ role: 'zookeeper', nodeId: undefined, address: 'h:2181' }))).toBe('zookeeper-2181.json');
  });

  it('lists a live server and removes the pid file of a dead one', async () => {
    const env = envWithRunDir();
    const cfg = join(mkdtempSync(join(tmpdir(), 'kl-')), 'server.properties');
    writeFileSync(cfg, 'broker.id=0\n');
    const child = fakeJava(cfg, false);
    await started(child);
    writeServerRecord(rec({ pid: child.pid!, configFile: cfg, address: '127.0.0.1:1' }), env);
    const deadFile = writeServerRecord(rec({ pid: 2 ** 22 + 12345, nodeId: 1, address: '127.0.0.1:2' }), env);
    const list = await listServers(env);
    expect(list.map((s) => [s.nodeId, s.alive])).toEqual([
      [0, true],
      [1, false],
    ]);
    expect(existsSync(deadFile)).toBe(false);
  });

  it('does not take a reused pid for our server: the process must be java with our config file', async () => {
    // this test process is alive but is not a java process started with that config
    expect(isRecordAlive(rec({ pid: process.pid }))).toBe(false);
    const cfg = join(mkdtempSync(join(tmpdir(), 'kl-')), 'server.properties');
    const child = fakeJava(cfg, false);
    await started(child);
    expect(isRecordAlive(rec({ pid: child.pid!, configFile: cfg }))).toBe(true);
    expect(isRecordAlive(rec({ pid: child.pid!, configFile: '/other/server.properties' }))).toBe(false);
  });
});

describe('stopping', () => {
  it('stops with SIGTERM and removes the pid file', async () => {
    const env = envWithRunDir();
    const cfg = join(mkdtempSync(join(tmpdir(), 'kl-')), 'server.properties');
    const child = fakeJava(cfg, false);
    await started(child);
    const pidFile = writeServerRecord(rec({ pid: child.pid!, configFile: cfg }), env);
    const r = await stopServer({ ...rec({ pid: child.pid!, configFile: cfg }), pidFile }, { timeoutMs: 5000 });
    expect(r.outcome).toBe('stopped');
    expect(existsSync(pidFile)).toBe(false);
    expect(describeStop(r)).toMatch(/^Kafka broker 0 \(pid \d+\) stopped in \d+\.\d s$/);
  });

  it('sends SIGKILL with a warning when SIGTERM is ignored past the timeout', async () => {
    const cfg = join(mkdtempSync(join(tmpdir(), 'kl-')), 'server.properties');
    const child = fakeJava(cfg, true);
    await started(child);
    const warnings: string[] = [];
    const exited = new Promise((r) => child.once('exit', (_c, sig) => r(sig)));
    const r = await stopServer(
      { ...rec({ pid: child.pid!, configFile: cfg }), pidFile: join(tmpdir(), 'nonexistent-pid.json') },
      { timeoutMs: 500, onWarning: (m) => warnings.push(m) },
    );
    expect(r.outcome).toBe('killed');
    expect(await exited).toBe('SIGKILL');
    expect(warnings[0]).toMatch(/did not stop within 1 s after SIGTERM; sending SIGKILL/);
  });

  it('reports a record whose process is gone as stale without signalling anything', async () => {
    const r = await stopServer({ ...rec({ pid: 2 ** 22 + 4321 }), pidFile: join(tmpdir(), 'nonexistent-pid.json') });
    expect(r.outcome).toBe('stale');
    expect(describeStop(r)).toContain('was not running; removed its stale pid file');
  });
});

describe('choosing brokers to stop', () => {
  const listed = (nodeId: number, alive = true) => ({ ...rec({ nodeId, pid: 100 + nodeId }), alive, pidFile: `/p/${nodeId}` });
  it('stops the only broker without flags, and asks which one when several run', () => {
    expect(selectBrokers([listed(1)], {}).map((b) => b.nodeId)).toEqual([1]);
    expect(() => selectBrokers([listed(1), listed(2)], {})).toThrow('2 brokers are running; say which one to stop');
    expect(selectBrokers([listed(1), listed(2)], { all: true })).toHaveLength(2);
    expect(selectBrokers([listed(1), listed(2)], { nodeId: 2 }).map((b) => b.pid)).toEqual([102]);
  });
  it('says so when there is nothing to stop, like kafka-server-stop.sh', () => {
    expect(() => selectBrokers([listed(1, false)], {})).toThrow('No kafka server to stop');
    expect(() => selectBrokers([listed(1)], { nodeId: 7 })).toThrow('no running broker with node id 7');
  });
});

describe('foreground', () => {
  it('maps exit codes: 130 after our Ctrl-C, 143 after SIGTERM, the JVM code otherwise', () => {
    expect(foregroundExitCode(143, 'SIGINT')).toBe(130);
    expect(foregroundExitCode(0, 'SIGTERM')).toBe(143);
    expect(foregroundExitCode(1, undefined)).toBe(1);
  });
  it('colours the level of Kafka log lines on a TTY and leaves them plain otherwise', () => {
    const line = '[2026-01-01 10:00:00,000] ERROR boom (kafka.Kafka$)';
    expect(colourLogLine(line, new Chalk({ level: 0 }))).toBe(line);
    const coloured = colourLogLine(line, new Chalk({ level: 1 }));
    expect(coloured).toContain('\u001b[31mERROR');
    expect(coloured.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '')).toBe(line);
  });
  it('picks error lines and exception names out of a failed start log', () => {
    const log = [
      '[d] INFO starting (x)',
      '[d] ERROR Exiting Kafka due to fatal exception (kafka.Kafka$)',
      'java.lang.RuntimeException: Stored node id 9',
      '\tat kafka.Foo(Foo.scala:1)',
      '[d] INFO bye (x)',
    ].join('\n');
    expect(relevantLogLines(log)).toEqual(['[d] ERROR Exiting Kafka due to fatal exception (kafka.Kafka$)', 'java.lang.RuntimeException: Stored node id 9']);
    expect(relevantLogLines('a\nb\nc', 2)).toEqual(['b', 'c']);
  });
});
