/**
 * Server kinds other than brokers and ZooKeeper, tracked and stopped through the same process
 * table: stand-in processes (node started through a symlink named like the real program)
 * play a Connect worker, PostgreSQL and mosquitto; no JVM and no database are needed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchServer, listServers, serverKind, serverLabel, stopServer, stopServers, type ServerRecord } from '../../../src/engine/index.js';
import { commandLineMatches, splitAddress } from '../../../src/process/kinds.js';
import { userIds } from '../../../src/process/launch.js';
import { pidFileName, writeServerRecord } from '../../../src/process/servers.js';

const children: ChildProcess[] = [];
const pids: number[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const p of pids.splice(0)) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

const tmp = (prefix = 'kafka-lab-kinds-') => mkdtempSync(join(tmpdir(), prefix));

/** node, reachable under another program's name (argv[0] is then that name's path). */
function program(name: string): string {
  const path = join(tmp(), name);
  symlinkSync(process.execPath, path);
  return path;
}

/** A stand-in server that records which signal it got, then exits (or ignores it). */
function standIn(name: string, args: string[], opts: { ignore?: boolean } = {}): { child: ChildProcess; signals: Promise<string> } {
  const code = `
    let got = '';
    for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => { got = s; console.log(s); ${opts.ignore ? '' : 'process.exit(0);'} });
    setInterval(() => {}, 1000);
    console.log('ready');`;
  const child = spawn(program(name), ['-e', code, '--', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  let out = '';
  const signals = new Promise<string>((resolve) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /SIG[A-Z]+/.exec(out);
      if (m) resolve(m[0]);
    });
  });
  return { child, signals };
}

const ready = (c: ChildProcess) => new Promise<void>((r) => c.stdout!.once('data', () => r()));

function record(over: Partial<ServerRecord>): ServerRecord {
  return {
    role: 'broker',
    pid: 0,
    configFile: '/nonexistent/x.properties',
    address: '127.0.0.1:1',
    logFile: join(tmp(), 'server.log'),
    engine: 'test',
    startedAt: new Date().toISOString(),
    ...over,
  };
}

const runEnv = () => ({ ...process.env, KAFKA_LAB_RUN_DIR: tmp('kafka-lab-run-') });

describe('kind adapters', () => {
  it('keep the pid file names of brokers and ZooKeeper, and name other kinds by role and port', () => {
    expect(pidFileName(record({ role: 'broker', nodeId: 2, address: 'h:9093' }))).toBe('broker-2-9093.json');
    expect(pidFileName(record({ role: 'broker', address: 'h:9093' }))).toBe('broker-auto-9093.json');
    expect(pidFileName(record({ role: 'zookeeper', address: 'h:2181' }))).toBe('zookeeper-2181.json');
    expect(pidFileName(record({ role: 'connect', address: '127.0.0.1:8083' }))).toBe('connect-8083.json');
    expect(pidFileName(record({ role: 'postgres', address: '127.0.0.1:5432' }))).toBe('postgres-5432.json');
    expect(pidFileName(record({ role: 'namenode', address: '127.0.0.1:9000' }))).toBe('namenode-9000.json');
  });

  it('name each kind in messages', () => {
    expect(serverLabel(record({ role: 'broker', nodeId: 1 }))).toBe('Kafka broker 1');
    expect(serverLabel(record({ role: 'zookeeper' }))).toBe('ZooKeeper');
    expect(serverLabel(record({ role: 'connect' }))).toBe('Kafka Connect worker');
    expect(serverLabel(record({ role: 'datanode' }))).toBe('HDFS DataNode');
    expect(serverLabel(record({ role: 'mariadb' }))).toBe('MariaDB');
    expect(serverLabel(record({ role: 'something-new' }))).toBe('something-new');
  });

  it('stop PostgreSQL with SIGINT (fast shutdown: a CDC client never leaves) and the others with SIGTERM', () => {
    expect(serverKind('postgres').stop.signal).toBe('SIGINT');
    for (const role of ['broker', 'zookeeper', 'connect', 'namenode', 'datanode', 'mariadb', 'mosquitto']) expect(serverKind(role).stop.signal).toBe('SIGTERM');
  });

  it('recognise a process by program name and the arguments that make it ours', () => {
    const r = record({ role: 'postgres', configFile: '/db/postgresql.conf', match: ['-D', '/db'] });
    expect(commandLineMatches(['/usr/lib/postgresql/15/bin/postgres', '-D', '/db'], r, ['postgres'])).toBe(true);
    expect(serverKind('postgres').recognise(['/usr/lib/postgresql/15/bin/postgres', '-D', '/other'], r)).toBe(false);
    expect(serverKind('postgres').recognise(['/usr/bin/java', '-D', '/db'], r)).toBe(false);
    expect(serverKind('broker').recognise([], record({}))).toBe(false); // zombie
    expect(serverKind('mariadb').recognise(['/usr/sbin/mariadbd', '--defaults-file=/x/my.cnf'], record({ match: ['--defaults-file=/x/my.cnf'] }))).toBe(true);
  });

  it('split addresses, IPv6 too', () => {
    expect(splitAddress('127.0.0.1:9092')).toEqual({ host: '127.0.0.1', port: 9092 });
    expect(splitAddress('[::1]:8083')).toEqual({ host: '::1', port: 8083 });
  });

  it('read uid and gid of a user from passwd lines', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\npostgres:x:104:110:PostgreSQL administrator:/var/lib/postgresql:/bin/bash\n';
    expect(userIds(passwd, 'postgres')).toEqual({ uid: 104, gid: 110 });
    expect(userIds(passwd, 'nobody')).toBeUndefined();
  });
});

describe('other kinds in the process table', () => {
  it('lists a Connect worker and a PostgreSQL, drops the one whose pid now runs another program', async () => {
    const env = runEnv();
    const worker = standIn('java', ['/lab/connect-distributed.properties']);
    const pg = standIn('postgres', ['-D', '/lab/pgdata']);
    const impostor = standIn('bash', ['-D', '/lab/pgdata2']);
    await Promise.all([ready(worker.child), ready(pg.child), ready(impostor.child)]);
    writeServerRecord(record({ role: 'connect', pid: worker.child.pid!, configFile: '/lab/connect-distributed.properties', address: '127.0.0.1:8083' }), env);
    writeServerRecord(
      record({ role: 'postgres', pid: pg.child.pid!, configFile: '/lab/pgdata/postgresql.conf', match: ['-D', '/lab/pgdata'], address: '127.0.0.1:5432' }),
      env,
    );
    const stale = writeServerRecord(
      record({
        role: 'postgres',
        pid: impostor.child.pid!,
        configFile: '/lab/pgdata2/postgresql.conf',
        match: ['-D', '/lab/pgdata2'],
        address: '127.0.0.1:5433',
      }),
      env,
    );
    const list = await listServers(env);
    expect(list.map((s) => [s.role, s.address, s.alive])).toEqual([
      ['connect', '127.0.0.1:8083', true],
      ['postgres', '127.0.0.1:5432', true],
      ['postgres', '127.0.0.1:5433', false],
    ]);
    expect(existsSync(stale)).toBe(false);
  });

  it('stops each kind with its own signal and removes the pid files', async () => {
    const env = runEnv();
    const pg = standIn('postgres', ['-D', '/lab/pg']);
    const mq = standIn('mosquitto', ['-c', '/lab/mosquitto.conf']);
    await Promise.all([ready(pg.child), ready(mq.child)]);
    const pgRec = record({ role: 'postgres', pid: pg.child.pid!, configFile: '/lab/pg/postgresql.conf', match: ['-D', '/lab/pg'], address: '127.0.0.1:5432' });
    const mqRec = record({ role: 'mosquitto', pid: mq.child.pid!, configFile: '/lab/mosquitto.conf', address: '127.0.0.1:1883' });
    const files = [writeServerRecord(pgRec, env), writeServerRecord(mqRec, env)];
    const results = await stopServers(await listServers(env), { timeoutMs: 5000 });
    expect(results.map((r) => [r.record.role, r.outcome])).toEqual([
      ['mosquitto', 'stopped'],
      ['postgres', 'stopped'],
    ]);
    expect(await pg.signals).toBe('SIGINT');
    expect(await mq.signals).toBe('SIGTERM');
    for (const f of files) expect(existsSync(f)).toBe(false);
  });

  it('sends SIGKILL after the timeout and names the kind and its signal in the warning', async () => {
    const pg = standIn('postgres', ['-D', '/lab/stubborn'], { ignore: true });
    await ready(pg.child);
    const warnings: string[] = [];
    const r = await stopServer(
      { ...record({ role: 'postgres', pid: pg.child.pid!, match: ['-D', '/lab/stubborn'] }), pidFile: join(tmp(), 'x.json') },
      { timeoutMs: 300, onWarning: (m) => warnings.push(m) },
    );
    expect(r.outcome).toBe('killed');
    expect(warnings[0]).toMatch(/^PostgreSQL \(pid \d+\) did not stop within 0 s after SIGINT; sending SIGKILL$/);
  });
});

describe('launching a server of another kind', () => {
  /** a stand-in mosquitto that listens on a port after a short delay, like a server starting up */
  const script = (port: number, delayMs: number) =>
    `setTimeout(() => { require('net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening on ${port}')); }, ${delayMs}); process.on('SIGTERM', () => process.exit(0));`;

  async function freePort(): Promise<number> {
    return new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
  }

  it('as a daemon: pid file, log file, back once its kind says ready; stopped by the table', async () => {
    const env = runEnv();
    const port = await freePort();
    const conf = join(tmp(), 'mosquitto.conf');
    const server = await launchServer({
      command: program('mosquitto'),
      args: ['-e', script(port, 200), conf],
      env,
      record: record({ role: 'mosquitto', configFile: conf, address: `127.0.0.1:${port}` }),
      daemon: true,
      // generous: a loaded 2-core machine can take seconds to start a node process
      readyTimeoutMs: 45_000,
    });
    pids.push(server.pid);
    const [listed] = await listServers(env);
    expect(listed).toMatchObject({ role: 'mosquitto', pid: server.pid, alive: true });
    expect(readFileSync(server.logFile, 'utf8')).toContain(`listening on ${port}`);
    expect((await stopServer(listed!)).outcome).toBe('stopped');
    expect(await listServers(env)).toEqual([]);
  }, 60_000);

  it('as a daemon that dies while starting: the cause from its log, no pid file left', async () => {
    const env = runEnv();
    const conf = join(tmp(), 'mosquitto.conf');
    const start = launchServer({
      command: program('mosquitto'),
      args: ['-e', "console.error('Error: Unable to open config file'); process.exit(3)", conf],
      env,
      record: record({ role: 'mosquitto', configFile: conf, address: '127.0.0.1:1' }),
      daemon: true,
      readyTimeoutMs: 10_000,
    });
    await expect(start).rejects.toMatchObject({ message: 'mosquitto exited while starting (exit code 3)', details: ['Error: Unable to open config file'] });
    expect(await listServers(env, { keepStale: true })).toEqual([]);
  });

  it('names a program that is not installed', async () => {
    await expect(
      launchServer({
        command: '/nonexistent/bin/mariadbd',
        args: [],
        env: runEnv(),
        record: record({ role: 'mariadb' }),
        daemon: true,
      }),
    ).rejects.toThrow('cannot start /nonexistent/bin/mariadbd: ENOENT');
  });

  it('in the foreground: lines streamed, pid file removed when it ends', async () => {
    const env = runEnv();
    const conf = join(tmp(), 'mosquitto.conf');
    const lines: string[] = [];
    const server = await launchServer({
      command: program('mosquitto'),
      args: ['-e', "console.log('one'); console.log('two'); setTimeout(() => process.exit(4), 100)", conf],
      env,
      record: record({ role: 'mosquitto', configFile: conf, address: '127.0.0.1:1883' }),
      daemon: false,
      onLogLine: (l) => lines.push(l),
    });
    expect(await server.exited).toBe(4);
    expect(lines).toEqual(['one', 'two']);
    expect(await listServers(env, { keepStale: true })).toEqual([]);
  });
});
