/**
 * Test fixture: real ZooKeeper and Kafka JVMs on loopback, from the installed engine jars.
 * Used by vitest's globalSetup to give client-command tests one shared broker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, mkdtempSync, readdirSync, writeFileSync, mkdirSync, openSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

export const ENGINE_VERSION = process.env.KAFKA_LAB_TEST_ENGINE ?? '3.9.2';

export function engineLibs(version = ENGINE_VERSION): string {
  const home = process.env.KAFKA_LAB_HOME ?? join(homedir(), '.kafka-lab');
  return join(home, 'engines', `kafka-${version}`, 'libs');
}

export function classpath(version = ENGINE_VERSION): string {
  const libs = engineLibs(version);
  return readdirSync(libs)
    .filter((f) => f.endsWith('.jar'))
    .map((f) => join(libs, f))
    .join(':');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`port ${port} did not open within ${timeoutMs} ms`);
}

export interface TestCluster {
  bootstrap: string;
  zookeeper?: string;
  dir: string;
  pids: number[];
  stop(): Promise<void>;
}

function java(mainClass: string, args: string[], dir: string, name: string, heap = '-Xmx256m'): ChildProcess {
  const log4j = join(dir, 'log4j.properties');
  writeFileSync(
    log4j,
    'log4j.rootLogger=WARN, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\nlog4j.appender.stdout.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n\n',
  );
  const out = join(dir, `${name}.out`);
  const fd = openSync(out, 'a');
  return spawn('java', [heap, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', `-Dlog4j.configuration=file:${log4j}`, '-cp', classpath(), mainClass, ...args], {
    stdio: ['ignore', fd, fd],
    detached: false,
  });
}

/** SIGTERM, then SIGKILL after timeoutMs; resolves once the process has exited. */
export async function stopChild(child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await done;
  clearTimeout(t);
}

/**
 * zookeeper.properties and server.properties of a one-broker test cluster in `dir`:
 * loopback only, small internal topics, auto-creation off so tests must create their topics.
 */
export function writeTestConfigs(dir: string, zkPort: number, port: number, extraBrokerProps: Record<string, string> = {}): void {
  mkdirSync(join(dir, 'zk'), { recursive: true });
  writeFileSync(
    join(dir, 'zookeeper.properties'),
    `dataDir=${join(dir, 'zk')}\nclientPort=${zkPort}\nclientPortAddress=127.0.0.1\nmaxClientCnxns=0\nadmin.enableServer=false\n4lw.commands.whitelist=*\n`,
  );
  const props: Record<string, string> = {
    'broker.id': '0',
    listeners: `PLAINTEXT://127.0.0.1:${port}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'log.dirs': join(dir, 'kafka-logs'),
    'zookeeper.connect': `127.0.0.1:${zkPort}`,
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '3',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    'auto.create.topics.enable': 'false',
    ...extraBrokerProps,
  };
  writeFileSync(
    join(dir, 'server.properties'),
    `${Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
}

/** One ZooKeeper and one broker (ZooKeeper mode, Kafka 3.9) in a temp dir, as plain JVMs. */
export async function startZkCluster(extraBrokerProps: Record<string, string> = {}): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-test-'));
  const zkPort = await freePort();
  const port = await freePort();
  writeTestConfigs(dir, zkPort, port, extraBrokerProps);
  const zk = java('org.apache.zookeeper.server.quorum.QuorumPeerMain', [join(dir, 'zookeeper.properties')], dir, 'zookeeper');
  await waitForPort(zkPort);
  const broker = java('kafka.Kafka', [join(dir, 'server.properties')], dir, 'broker', '-Xmx512m');
  await waitForPort(port, 90_000);
  return {
    bootstrap: `127.0.0.1:${port}`,
    zookeeper: `127.0.0.1:${zkPort}`,
    dir,
    pids: [zk.pid!, broker.pid!],
    async stop() {
      await stopChild(broker);
      await stopChild(zk);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs one of Kafka's own tools from the engine jars (for side-by-side comparisons). */
export async function runKafkaTool(
  mainClass: string,
  args: string[],
  opts: { input?: string | Buffer; timeoutMs?: number; version?: string } = {},
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-tool-'));
  const log4j = join(dir, 'tools-log4j.properties');
  writeFileSync(
    log4j,
    'log4j.rootLogger=WARN, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.Target=System.err\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n\n',
  );
  // Kafka 4 logs through log4j2: without a config of its own it prints an ERROR line on stdout
  const log4j2 = join(dir, 'tools-log4j2.properties');
  writeFileSync(
    log4j2,
    'status = error\nappender.stderr.type = Console\nappender.stderr.name = STDERR\nappender.stderr.target = SYSTEM_ERR\nappender.stderr.layout.type = PatternLayout\nappender.stderr.layout.pattern = [%d] %p %m (%c)%n\nrootLogger.level = WARN\nrootLogger.appenderRef.stderr.ref = STDERR\n',
  );
  return new Promise((resolve, reject) => {
    const child = spawn(
      'java',
      [
        '-Xmx256m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        `-Dlog4j.configuration=file:${log4j}`,
        `-Dlog4j2.configurationFile=${log4j2}`,
        '-cp',
        classpath(opts.version),
        mainClass,
        ...args,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const t = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(t);
      rmSync(dir, { recursive: true, force: true });
      resolve({ stdout, stderr, exitCode: code ?? -1 });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

/** The partition folder of a topic on the shared test broker (global-setup provides its log dir). */
export function sharedPartitionDir(topic: string, partition = 0): string {
  const dir = join(inject('logDir'), `${topic}-${partition}`);
  if (!existsSync(dir)) throw new Error(`partition folder of ${topic} not found in ${inject('logDir')}`);
  return dir;
}
