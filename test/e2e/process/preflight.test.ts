import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/kafka.js';
import { newLab } from './helpers.js';

const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

function occupy(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    servers.push(s);
    s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port));
  });
}

const firstLine = (s: string) => s.split('\n')[0];

describe('pre-flight errors: one line, a hint, exit 1, no stack trace, no JVM started', () => {
  const lab = newLab('preflight');

  it('config file missing', async () => {
    const r = await lab.run(['server-start', 'missing.properties']);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: config file not found: ${join(lab.dir, 'missing.properties')}`);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('config file is a directory', async () => {
    mkdirSync(join(lab.dir, 'adir.properties'));
    const r = await lab.run(['zookeeper-start', 'adir.properties']);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: config file is a directory, not a file: ${join(lab.dir, 'adir.properties')}`);
  });

  it('malformed line: a key no Kafka key looks like (file:line)', async () => {
    writeFileSync(join(lab.dir, 'bad.properties'), 'broker.id=0\n# fine\nlog.dirs/tmp/kafka-logs\n');
    const r = await lab.run(['server-start', 'bad.properties']);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: ${join(lab.dir, 'bad.properties')}:3: malformed line: 'log.dirs/tmp/kafka-logs' is not a config key`);
  });

  it('malformed line: a bad \\uXXXX escape (file:line)', async () => {
    writeFileSync(join(lab.dir, 'bad-u.properties'), 'broker.id=0\nlog.dirs=/tmp/\\u00zz\n');
    const r = await lab.run(['server-start', 'bad-u.properties']);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: ${join(lab.dir, 'bad-u.properties')}:2: malformed \\uxxxx escape`);
  });

  it('listener port already in use by another program (names the port)', async () => {
    const port = await occupy();
    lab.write('busy.properties', {
      'broker.id': 0,
      listeners: `PLAINTEXT://127.0.0.1:${port}`,
      'log.dirs': join(lab.dir, 'busy-logs'),
      'zookeeper.connect': '127.0.0.1:1',
    });
    const r = await lab.run(['server-start', 'busy.properties']);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: listener PLAINTEXT port ${port} is already in use`);
    expect(r.stderr).toContain(`hint: Another program listens on ${port}`);
  });

  it('ZooKeeper clientPort already in use (names the port)', async () => {
    const port = await occupy();
    lab.write('zk-busy.properties', { dataDir: join(lab.dir, 'zk'), clientPort: port });
    const r = await lab.run(['zookeeper-start', '-daemon', 'zk-busy.properties']);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: ZooKeeper clientPort port ${port} is already in use`);
  });

  it('Java missing (JAVA_HOME without bin/java)', async () => {
    lab.write('ok.properties', {
      'broker.id': 0,
      listeners: `PLAINTEXT://127.0.0.1:${await freePort()}`,
      'log.dirs': join(lab.dir, 'ok-logs'),
      'zookeeper.connect': '127.0.0.1:1',
    });
    const noJava = mkdtempSync(join(tmpdir(), 'kafka-lab-nojava-'));
    const { runCli } = await import('../../helpers/cli.js');
    const r2 = await runCli(['server-start', 'ok.properties'], { cwd: lab.dir, env: { ...lab.env, JAVA_HOME: noJava } });
    expect(r2.exitCode).toBe(1);
    expect(firstLine(r2.stderr)).toBe(`error: Java not found at ${join(noJava, 'bin', 'java')} (from JAVA_HOME)`);
  });

  it('Java too old for the engine (Kafka 4.x needs 17)', async () => {
    const jdk = mkdtempSync(join(tmpdir(), 'kafka-lab-oldjava-'));
    mkdirSync(join(jdk, 'bin'));
    writeFileSync(join(jdk, 'bin', 'java'), '#!/bin/sh\necho \'openjdk version "11.0.2" 2019-01-15\' >&2\n');
    chmodSync(join(jdk, 'bin', 'java'), 0o755);
    lab.write('kraft.properties', {
      'process.roles': 'broker,controller',
      'node.id': 1,
      'controller.quorum.voters': '1@127.0.0.1:1',
      listeners: 'PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:1',
      'controller.listener.names': 'CONTROLLER',
      'log.dirs': join(lab.dir, 'k'),
    });
    const { runCli } = await import('../../helpers/cli.js');
    const r = await runCli(['server-start', '--engine', '4.1.2', 'kraft.properties'], { cwd: lab.dir, env: { ...lab.env, JAVA_HOME: jdk } });
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe('error: Java 11 is too old for Kafka 4.1.2: it needs Java 17 or newer');
    expect(r.stderr).toContain('hint: Install a JDK 17');
  });

  it('engine not installed: names the command that installs it', async () => {
    const { runCli } = await import('../../helpers/cli.js');
    const empty = mkdtempSync(join(tmpdir(), 'kafka-lab-nohome-'));
    const r = await runCli(['server-start', 'ok.properties'], { cwd: lab.dir, env: { ...lab.env, KAFKA_LAB_HOME: empty } });
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe('error: no Kafka engine is installed');
    expect(r.stderr).toContain('hint: Install it with: kafka-lab engine install --version 3.9.2');
    const r2 = await lab.run(['server-start', '--engine', '3.8.7', 'ok.properties']);
    expect(firstLine(r2.stderr)).toBe('error: Kafka engine 3.8.7 is not installed');
    expect(r2.stderr).toContain('hint: Install it with: kafka-lab engine install --version 3.8.7');
  });

  it('zookeeper-start on a 4.x engine explains that Kafka 4.0 removed ZooKeeper', async () => {
    lab.write('zookeeper.properties', { dataDir: join(lab.dir, 'zk'), clientPort: await freePort() });
    const r = await lab.run(['zookeeper-start', '--engine', '4.1.2', 'zookeeper.properties']);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe('error: Kafka 4.1.2 has no ZooKeeper: Kafka 4.0 removed ZooKeeper mode');
    expect(r.stderr).toContain('--engine 3.9.2');
    expect(r.stderr).toContain('kafka-lab config print kraft/server');
  });

  it('a ZooKeeper-mode broker config on a 4.x engine', async () => {
    const r = await lab.run(['server-start', '--engine', '4.1.2', 'ok.properties']);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe('error: ok.properties is a ZooKeeper-mode config, but Kafka 4.1.2 has no ZooKeeper mode (removed in 4.0)');
  });

  it('stale pid files are detected and cleaned', async () => {
    mkdirSync(lab.env.KAFKA_LAB_RUN_DIR!, { recursive: true });
    const stale = {
      role: 'broker',
      pid: 2 ** 22 + 999,
      nodeId: 4,
      configFile: join(lab.dir, 'ok.properties'),
      address: '127.0.0.1:1',
      logFile: '/x',
      engine: 'apache-3.9.2',
      startedAt: '',
    };
    writeFileSync(join(lab.env.KAFKA_LAB_RUN_DIR!, 'broker-4-1.json'), JSON.stringify(stale));
    const r = await lab.run(['server-stop']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`warning: removed stale pid file of broker 4 (pid ${stale.pid} is gone)`);
    expect(r.stderr).toContain('error: No kafka server to stop');
    const again = await lab.run(['server-stop']);
    expect(again.stderr).not.toContain('stale');
  });

  it('usage mistakes exit 2', async () => {
    const r = await lab.run(['server-stop', '--all', '--node-id', '1']);
    expect(r.exitCode).toBe(2);
    const r1 = await lab.run(['server-start', '-daemon']);
    expect(r1.exitCode).toBe(2);
    expect(r1.stderr).toBe('error: missing the config file\nhint: USAGE: kafka-lab server-start [-daemon] server.properties [--override property=value]*\n');
    const r2 = await lab.run(['server-start', 'ok.properties', '--override', 'novalue']);
    expect(r2.exitCode).toBe(2);
    expect(firstLine(r2.stderr)).toBe("error: --override expects key=value, got 'novalue'");
  });
});

describe('engines', () => {
  it('engine list shows installed engines, the default, and ZooKeeper support', async () => {
    const lab = newLab('engines');
    const r = await lab.run(['engine', 'list', '--output', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { version: string; isDefault: boolean; supportsZooKeeper: boolean }[];
    expect(list.find((e) => e.version === '3.9.2')).toMatchObject({ isDefault: true, supportsZooKeeper: true });
    expect(list.find((e) => e.version === '4.1.2')).toMatchObject({ isDefault: false, supportsZooKeeper: false });
    const text = await lab.run(['engine', 'list']);
    expect(text.stdout).toMatch(/^\* 3\.9\.2 +zookeeper\+kraft +\S+kafka-3\.9\.2\/libs$/m);
  });

  it('a second install of the same version is a no-op', async () => {
    const lab = newLab('engines2');
    const r = await lab.run(['engine', 'install', '--version', '3.9.2'], 20_000);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('Kafka 3.9.2 is already installed');
    expect(r.ms).toBeLessThan(5000);
  });

  it('installs from Maven Central into $KAFKA_LAB_HOME; an unknown version fails and leaves nothing behind', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kafka-lab-install-'));
    const { runCli } = await import('../../helpers/cli.js');
    const { readdirSync } = await import('node:fs');
    const r = await runCli(['engine', 'install', '3.9.2'], { env: { KAFKA_LAB_HOME: home }, timeoutMs: 300_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Kafka 3\\.9\\.2: \\d+ jars in ${join(home, 'engines', 'kafka-3.9.2', 'libs')}\\n$`));
    const jars = readdirSync(join(home, 'engines', 'kafka-3.9.2', 'libs'));
    // the broker, Kafka's tools, ZooKeeper and a logging backend
    for (const j of ['kafka_2.13-3.9.2.jar', 'kafka-tools-3.9.2.jar', 'zookeeper-3.8.4.jar', 'reload4j-1.2.25.jar']) expect(jars).toContain(j);
    const bad = await runCli(['engine', 'install', '--version', '3.9.99'], { env: { KAFKA_LAB_HOME: home }, timeoutMs: 300_000 });
    expect(bad.exitCode).toBe(1);
    expect(firstLine(bad.stderr)).toBe('error: Kafka 3.9.99 was not found on Maven Central');
    expect(readdirSync(join(home, 'engines'))).toEqual(['kafka-3.9.2']);
  }, 600_000);

  it('rejects something that is not a version number', async () => {
    const lab = newLab('engines3');
    const r = await lab.run(['engine', 'install', '--version', 'latest']);
    expect(r.exitCode).toBe(2);
    expect(firstLine(r.stderr)).toBe("error: 'latest' is not a Kafka version");
  });

  it('KAFKA_HOME pointing at an unpacked distribution is used as it is', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kafka-lab-kafkahome-'));
    const installed = join(process.env.KAFKA_LAB_HOME ?? join(homedir(), '.kafka-lab'), 'engines', 'kafka-3.9.2', 'libs');
    symlinkSync(installed, join(home, 'libs'));
    const lab = newLab('kafkahome');
    const { runCli } = await import('../../helpers/cli.js');
    const r = await runCli(['engine', 'list', '--output', 'json'], { env: { ...lab.env, KAFKA_HOME: home } });
    expect(r.exitCode, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { version: string; isDefault: boolean; location: string }[];
    expect(list[0]).toMatchObject({ version: '3.9.2', isDefault: true, location: join(home, 'libs') });
  });
});

describe('help', () => {
  it('every process command has an example in its --help', async () => {
    const lab = newLab('help');
    for (const cmd of ['zookeeper-start', 'zookeeper-stop', 'server-start', 'server-stop', 'storage', 'engine']) {
      const r = await lab.run([cmd, '--help']);
      expect(r.exitCode, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Examples:\n\s+kafka-lab /);
    }
  });
  it('Kafka script names work as aliases', async () => {
    const lab = newLab('alias');
    const r = await lab.run(['kafka-server-start.sh', 'missing.properties']);
    expect(firstLine(r.stderr)).toBe(`error: config file not found: ${join(lab.dir, 'missing.properties')}`);
  });
});
