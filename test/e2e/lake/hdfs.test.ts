/**
 * A real single-node HDFS from the hadoop engine: formatted on first start, a file put and read
 * back through WebHDFS (no JVM per call), `hdfs ls` side by side with Hadoop's own FsShell, the
 * bad inputs that need a running HDFS (docs/errors.md L12, L13, L22-L24), and a stop that
 * leaves no JVM behind.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HADOOP_MAIN_CLASSES, resolveHadoop, runHadoopClass } from '../../../src/engine/index.js';
import { runCli } from '../../helpers/cli.js';
import { expectError, processAlive } from '../../helpers/expect-error.js';
import { freePort } from '../../helpers/kafka.js';

const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-hdfs-'));
chmodSync(tmp, 0o755);
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run') };
const cli = (args: string[], input?: string) => runCli(args, { env, timeoutMs: 180_000, input });
const dir = join(tmp, 'hdfs');
let portArgs: string[] = [];

beforeAll(async () => {
  // the hadoop engine: installed by .ci/run; a no-op when present
  const install = await cli(['engine', 'install', '--hadoop']);
  expect(install.exitCode, install.stderr).toBe(0);
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  portArgs = ['--rpc-port', '--http-port', '--datanode-port', '--datanode-http-port', '--datanode-ipc-port'].flatMap((f, i) => [f, String(ports[i])]);
});

afterAll(async () => {
  await cli(['hdfs', 'stop']).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

describe('hdfs', () => {
  it('formats on first start, writes and reads through WebHDFS, lists like FsShell, stops with no JVM left', async () => {
    const start = await cli(['hdfs', 'start', '--dir', dir, ...portArgs]);
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stderr).toContain(`formatted a new HDFS in ${dir}`);
    const nn = Number(/NameNode pid (\d+)/.exec(start.stdout)?.[1]);
    const dn = Number(/DataNode pid (\d+)/.exec(start.stdout)?.[1]);
    expect(processAlive(nn) && processAlive(dn)).toBe(true);

    // ready means out of safemode with a live DataNode
    const status = await cli(['hdfs', 'status', '-o', 'json']);
    const [s] = JSON.parse(status.stdout) as { state: { safemode: boolean; liveDataNodes: number; version: string } }[];
    expect(s?.state).toMatchObject({ safemode: false, liveDataNodes: 1, version: '3.4.1' });

    const local = join(tmp, 'readings.json');
    const content = `${Array.from({ length: 2000 }, (_, i) => JSON.stringify({ deviceId: `device-${i % 7}`, seq: i, temperature: 20 + (i % 10) / 10 })).join('\n')}\n`;
    writeFileSync(local, content);
    expect((await cli(['hdfs', 'mkdir', '/lake'])).exitCode).toBe(0);
    const put = await cli(['hdfs', 'put', local, '/lake/']);
    expect(put.exitCode, put.stderr).toBe(0);
    const cat = await cli(['hdfs', 'cat', '/lake/readings.json']);
    expect(cat.exitCode, cat.stderr).toBe(0);
    expect(cat.stdout).toBe(content);
    const fromStdin = await cli(['hdfs', 'put', '/dev/stdin', '/lake/small.txt'], 'hello lake\n');
    expect(fromStdin.exitCode, fromStdin.stderr).toBe(0);
    expect((await cli(['hdfs', 'cat', '/lake/small.txt'])).stdout).toBe('hello lake\n');

    // L13: an existing file is not overwritten without -f
    expectError(await cli(['hdfs', 'put', local, '/lake/readings.json']), 1, "`/lake/readings.json': File exists", 'Add -f to overwrite it.');
    expect((await cli(['hdfs', 'put', '-f', local, '/lake/readings.json'])).exitCode).toBe(0);
    // L12: a path that is not there
    expectError(await cli(['hdfs', 'ls', '/nope']), 1, "`/nope': No such file or directory", 'kafka-lab hdfs ls / lists what is there.');
    // L22: formatting while the NameNode runs
    expectError(
      await cli(['hdfs', 'format', '--dir', dir, ...portArgs]),
      1,
      `the NameNode of ${dir} is running (pid ${nn}): it cannot be formatted now`,
      'Stop it first: kafka-lab hdfs stop',
    );

    // side by side with Hadoop's own FsShell (hdfs dfs -ls) on the same folder
    const ours = await cli(['hdfs', 'ls', '/lake']);
    expect(ours.exitCode, ours.stderr).toBe(0);
    const shell = await runHadoopClass(
      resolveHadoop(undefined),
      { mainClass: HADOOP_MAIN_CLASSES.fsshell, args: ['-ls', '/lake'], conf: join(dir, 'conf'), logDir: join(tmp, 'fsshell-logs') },
      { env: { ...process.env, HADOOP_ROOT_LOGGER: 'WARN,console' }, timeoutMs: 60_000 },
    );
    expect(shell.code, shell.stderr).toBe(0);
    const kafkaLabLines = ours.stdout.trimEnd().split('\n');
    const fsShellLines = shell.stdout
      .split('\n')
      .filter((l) => /^(Found \d+ items|[d-][rwx-]{9})/.test(l))
      .map((l) => l.trimEnd());
    expect(kafkaLabLines).toEqual(fsShellLines);
    expect(kafkaLabLines[0]).toBe('Found 2 items');

    const stop = await cli(['hdfs', 'stop']);
    expect(stop.exitCode, stop.stderr).toBe(0);
    expect(stop.stdout).toMatch(new RegExp(`^HDFS DataNode \\(pid ${dn}\\) stopped in`, 'm'));
    expect(stop.stdout).toMatch(new RegExp(`^HDFS NameNode \\(pid ${nn}\\) stopped in`, 'm'));
    expect(processAlive(nn)).toBe(false);
    expect(processAlive(dn)).toBe(false);
    expect(existsSync(join(env.KAFKA_LAB_RUN_DIR, `namenode-${portArgs[1]}.json`))).toBe(false);

    // L23: formatting an HDFS that holds files needs --force
    expectError(
      await cli(['hdfs', 'format', '--dir', dir, ...portArgs]),
      1,
      `HDFS in ${dir} is formatted already`,
      'Formatting erases every file: add --force to do it anyway.',
    );
    // L24: nothing to stop
    expectError(
      await cli(['hdfs', 'stop']),
      1,
      'no HDFS started by kafka-lab is running',
      'kafka-lab hdfs status lists what runs; kafka-lab only stops servers it started.',
    );
  });
});
