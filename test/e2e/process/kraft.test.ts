import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTopic, topicNames } from '../../helpers/client.js';
import { freePort } from '../../helpers/kafka.js';
import { BIN } from '../../helpers/cli.js';
import { kraftProps, newLab, pidAlive, waitGone } from './helpers.js';

const pids: number[] = [];
afterAll(() => {
  for (const pid of pids) if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
});

async function listTopics(bootstrap: string): Promise<string[]> {
  await createTopic(bootstrap, 'process-kraft-t');
  return topicNames(bootstrap);
}

describe.each([
  ['3.9.2', true],
  ['4.1.2', true],
  ['3.9.2', false],
])('KRaft node on Kafka %s (dynamic quorum: %s), daemon', (version, dynamic) => {
  it('formats the storage on first start, serves a client, and stops leaving no JVM', async () => {
    const lab = newLab(`kraft-${version}`);
    const [port, cport] = [await freePort(), await freePort()];
    let extra: string[] = [];
    if (version.startsWith('4')) {
      // our own template (kafka-lab config print kraft/server), moved to free ports with --override
      const t = await lab.run(['config', 'print', 'kraft/server']);
      writeFileSync(join(lab.dir, 'server.properties'), t.stdout);
      extra = [
        ['listeners', `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${cport}`],
        ['advertised.listeners', `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${cport}`],
        ['controller.quorum.bootstrap.servers', `127.0.0.1:${cport}`],
        ['log.dirs', join(lab.dir, 'data')],
      ].flatMap(([k, v]) => ['--override', `${k}=${v}`]);
    } else {
      lab.write('server.properties', kraftProps(join(lab.dir, 'data'), 1, port, cport, dynamic));
    }
    const r = await lab.run(['server-start', '-daemon', '--engine', version, 'server.properties', ...extra]);
    expect(r.exitCode, r.stderr).toBe(0);
    const m = /^Kafka broker 1 started: pid (\d+), address 127\.0\.0\.1:(\d+), log (\S+)\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const pid = Number(m![1]);
    pids.push(pid);
    expect(existsSync(join(lab.dir, 'data', 'meta.properties'))).toBe(true);
    expect(await listTopics(`127.0.0.1:${port}`)).toContain('process-kraft-t');

    if (extra.length === 0) {
      const info = await lab.run(['storage', 'info', '-c', 'server.properties', '--engine', version]);
      expect(info.exitCode, info.stderr).toBe(0);
      expect(info.stdout).toMatch(/Found metadata: \{cluster\.id=[A-Za-z0-9_-]{22}, .*node\.id=1, version=1\}/);
    }

    const stop = await lab.run(['server-stop', '--node-id', '1']);
    expect(stop.exitCode, stop.stderr).toBe(0);
    expect(stop.stdout).toMatch(/^Kafka broker 1 \(pid \d+\) stopped in/);
    expect(await waitGone(pid)).toBe(true);
    expect(readdirSync(join(lab.dir, 'run'))).toEqual([]);
  });
});

describe('KRaft node in the foreground', () => {
  it('streams the log, and Ctrl-C (SIGINT) stops the JVM cleanly with exit code 130', async () => {
    const lab = newLab('kraft-fg');
    const [port, cport] = [await freePort(), await freePort()];
    lab.write('server.properties', kraftProps(join(lab.dir, 'data'), 3, port, cport, false));
    const child = spawn(process.execPath, [BIN, 'server-start', 'server.properties'], {
      cwd: lab.dir,
      env: { ...process.env, NO_COLOR: '1', ...lab.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const end = Date.now() + 90_000;
    while (!/Kafka Server started/.test(stdout) && Date.now() < end && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    expect(stdout, stderr).toMatch(/\[KafkaRaftServer nodeId=3\] Kafka Server started/);
    expect(stdout).toMatch(/^Formatting metadata directory .* with metadata\.version 3\.9-IV0\./m);
    expect(stdout).not.toContain('\u001b['); // plain text when not a TTY
    const pidFile = readdirSync(join(lab.dir, 'run'))[0]!;
    const { pid } = JSON.parse((await import('node:fs')).readFileSync(join(lab.dir, 'run', pidFile), 'utf8')) as { pid: number };
    pids.push(pid);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain(`stopping Kafka broker 3 (pid ${pid}) ...`);
    expect(stdout).toMatch(/shut down completed|Transitioning from .* to SHUTDOWN|App info kafka.server for 3 unregistered/);
    expect(pidAlive(pid)).toBe(false);
    expect(readdirSync(join(lab.dir, 'run'))).toEqual([]);
  });
});

describe('a broker that dies while starting', () => {
  it('exits 1 with the relevant log lines and removes its pid file', async () => {
    const lab = newLab('kraft-dies');
    const [port, cport] = [await freePort(), await freePort()];
    const data = join(lab.dir, 'data');
    mkdirSync(data);
    // data of another node: Kafka refuses to start on it
    writeFileSync(join(data, 'meta.properties'), 'version=1\nnode.id=9\ncluster.id=vtCojR00lLFD6Wy2N7C5fg\ndirectory.id=PvXvVYN5QmGoFiQ2QfM3ww\n');
    lab.write('server.properties', kraftProps(data, 1, port, cport, false));
    const r = await lab.run(['server-start', '-daemon', 'server.properties']);
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('error: broker 1 exited while starting (exit code 1)');
    expect(r.stderr).toContain("Stored node id 9 doesn't match previous node id 1");
    expect(r.stderr).toMatch(/hint: The full log is in \S+broker-1\.log/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(join(lab.dir, 'run'))).toEqual([]);
  });
});

describe('storage', () => {
  it('random-uuid prints a Kafka cluster id; format refuses an already formatted directory', async () => {
    const lab = newLab('storage');
    const id = await lab.run(['storage', 'random-uuid']);
    expect(id.exitCode).toBe(0);
    expect(id.stdout).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}\n$/);
    const [port, cport] = [await freePort(), await freePort()];
    lab.write('server.properties', kraftProps(join(lab.dir, 'data'), 1, port, cport, true));
    const f = await lab.run(['storage', 'format', '--standalone', '-t', id.stdout.trim(), '-c', 'server.properties']);
    expect(f.exitCode, f.stderr).toBe(0);
    expect(f.stdout).toContain(`Formatting dynamic metadata voter directory ${join(lab.dir, 'data')} with metadata.version 3.9-IV0.`);
    const again = await lab.run(['storage', 'format', '--standalone', '-t', id.stdout.trim(), '-c', 'server.properties']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain(`Log directory ${join(lab.dir, 'data')} is already formatted.`);
  });
});
