import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/kafka.js';
import { BIN } from '../../helpers/cli.js';
import { newLab, pidAlive, kraftProps, waitGone } from './helpers.js';

const pids: number[] = [];
afterAll(() => {
  for (const pid of pids) if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
});

describe('ZooKeeper in the foreground', () => {
  it('colours log levels when colour is on, and SIGTERM to kafka-lab stops ZooKeeper with exit code 143', async () => {
    const lab = newLab('zk-fg');
    const zkPort = await freePort();
    lab.write('zookeeper.properties', { dataDir: join(lab.dir, 'zk'), clientPort: zkPort, clientPortAddress: '127.0.0.1', 'admin.enableServer': 'false' });
    const env: NodeJS.ProcessEnv = { ...process.env, ...lab.env, FORCE_COLOR: '1' };
    delete env.NO_COLOR;
    const child = spawn(process.execPath, [BIN, 'zookeeper-start', 'zookeeper.properties'], { cwd: lab.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const end = Date.now() + 60_000;
    while (!/binding to port/.test(stdout) && Date.now() < end && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(stdout, stderr).toMatch(/binding to port/);
    expect(stdout).toContain('\u001b[32mINFO\u001b[39m');
    const [pidFile] = readdirSync(join(lab.dir, 'run'));
    const { pid } = JSON.parse(readFileSync(join(lab.dir, 'run', pidFile!), 'utf8')) as { pid: number };
    pids.push(pid);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(await waitGone(pid, 5000)).toBe(true);
    expect(readdirSync(join(lab.dir, 'run'))).toEqual([]);
    // the same lines went to the log file, without colour codes
    const log = readFileSync(join(lab.dir, 'logs', `zookeeper-${zkPort}.log`), 'utf8');
    expect(log).toMatch(/binding to port/);
    expect(log).not.toContain('\u001b[');
  });
});

describe('daemon readiness timeout', () => {
  it('a server not ready within --timeout is stopped and reported, leaving no JVM and no pid file', async () => {
    const lab = newLab('timeout');
    const [port, cport] = [await freePort(), await freePort()];
    lab.write('server.properties', kraftProps(join(lab.dir, 'data'), 1, port, cport, false));
    const r = await lab.run(['server-start', '-daemon', '--timeout', '300', 'server.properties']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: broker 1 was not ready within 300 ms and was stopped');
    expect(readdirSync(join(lab.dir, 'run'))).toEqual([]);
    // no process is left running with this config (the test may look at every process; kafka-lab never does)
    const config = join(lab.dir, 'server.properties');
    const holders = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').includes(config);
        } catch {
          return false;
        }
      });
    expect(holders).toEqual([]);
  });
});
