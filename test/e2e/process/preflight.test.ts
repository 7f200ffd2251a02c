import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
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

  it('zookeeper-start on a 4.x engine explains that Kafka 4.0 removed ZooKeeper', async () => {
    lab.write('zookeeper.properties', { dataDir: join(lab.dir, 'zk'), clientPort: await freePort() });
    const r = await lab.run(['zookeeper-start', '--engine', '4.1.2', 'zookeeper.properties']);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe('error: Kafka 4.1.2 has no ZooKeeper: Kafka 4.0 removed ZooKeeper mode');
    expect(r.stderr).toContain('--engine 3.9.2');
    expect(r.stderr).toContain('kafka-lab config print kraft/server');
  });

  it('a ZooKeeper-mode broker config on a 4.x engine', async () => {
    lab.write('ok.properties', {
      'broker.id': 0,
      listeners: `PLAINTEXT://127.0.0.1:${await freePort()}`,
      'log.dirs': join(lab.dir, 'ok-logs'),
      'zookeeper.connect': '127.0.0.1:1',
    });
    const r = await lab.run(['server-start', '--engine', '4.1.2', 'ok.properties']);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe('error: ok.properties is a ZooKeeper-mode config, but Kafka 4.1.2 has no ZooKeeper mode (removed in 4.0)');
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
});
