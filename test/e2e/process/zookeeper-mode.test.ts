import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, topicNames, withClient } from '../../helpers/client.js';
import { freePort } from '../../helpers/kafka.js';
import { fourLetterWord } from '../../../src/process/readiness.js';
import { newLab, pidAlive, waitGone, type Lab } from './helpers.js';

describe('ZooKeeper + a 3.9 broker in ZooKeeper mode, as daemons', () => {
  let lab: Lab;
  let zkPort: number;
  let port: number;
  let serverFile: string;
  let zkPid = 0;
  let brokerPid = 0;

  beforeAll(async () => {
    lab = newLab('zkmode');
    zkPort = await freePort();
    port = await freePort();
    lab.write('zookeeper.properties', {
      dataDir: join(lab.dir, 'zk'),
      clientPort: zkPort,
      clientPortAddress: '127.0.0.1',
      'admin.enableServer': 'false',
      maxClientCnxns: 0,
    });
    serverFile = lab.write('server.properties', {
      'broker.id': 0,
      listeners: `PLAINTEXT://127.0.0.1:${port}`,
      'log.dirs': join(lab.dir, 'kafka-logs'),
      'zookeeper.connect': `127.0.0.1:${zkPort}`,
      'offsets.topic.replication.factor': 1,
      'group.initial.rebalance.delay.ms': 0,
    });
  });

  afterAll(async () => {
    // never leave a JVM behind, whatever failed above
    for (const pid of [brokerPid, zkPid]) if (pid && pidAlive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('zookeeper-start -daemon returns once ZooKeeper answers srvr, with one line: pid, address, log file', async () => {
    const r = await lab.run(['zookeeper-start', '-daemon', 'zookeeper.properties']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const m = /^ZooKeeper started: pid (\d+), address 127\.0\.0\.1:(\d+), log (\S+)\n$/.exec(r.stdout);
    expect(m).not.toBeNull();
    zkPid = Number(m![1]);
    expect(Number(m![2])).toBe(zkPort);
    expect(existsSync(m![3]!)).toBe(true);
    expect(await fourLetterWord('127.0.0.1', zkPort, 'srvr')).toMatch(/Mode: standalone/);
    expect(readdirSync(join(lab.dir, 'run'))).toEqual([`zookeeper-${zkPort}.json`]);
  });

  it('a second ZooKeeper on the same clientPort is refused before any JVM starts', async () => {
    const r = await lab.run(['zookeeper-start', '--daemon', 'zookeeper.properties']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`error: ZooKeeper clientPort port ${zkPort} is already in use by ZooKeeper (pid ${zkPid}) started by kafka-lab`);
    expect(r.stderr).toContain('hint: Stop it first (kafka-lab zookeeper-stop)');
  });

  it('server-start -daemon returns when the broker is in the cluster metadata; a client creates and lists topics', async () => {
    const r = await lab.run(['server-start', '-daemon', 'server.properties']);
    expect(r.exitCode, r.stderr).toBe(0);
    const m = /^Kafka broker 0 started: pid (\d+), address 127\.0\.0\.1:(\d+), log (\S+)\n$/.exec(r.stdout);
    expect(m).not.toBeNull();
    brokerPid = Number(m![1]);
    const bootstrap = `127.0.0.1:${port}`;
    await createTopic(bootstrap, 'process-zk-t1');
    expect(await topicNames(bootstrap)).toContain('process-zk-t1');
    expect((await withClient(bootstrap, (c) => c.metadata([]))).brokers.map((b) => b.nodeId)).toEqual([0]);
  });

  it('refuses a second broker on the same listener port, naming the port and the broker', async () => {
    const r = await lab.run(['server-start', '-daemon', 'server.properties']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`error: listener PLAINTEXT port ${port} is already in use by broker 0 (pid ${brokerPid}) started by kafka-lab`);
  });

  it('refuses a broker whose log.dirs a running broker holds', async () => {
    const other = join(lab.dir, 'other');
    mkdirSync(other);
    const p2 = await freePort();
    const file = join(other, 'server.properties');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, `broker.id=5\nlisteners=PLAINTEXT://127.0.0.1:${p2}\nlog.dirs=${join(lab.dir, 'kafka-logs')}\nzookeeper.connect=127.0.0.1:${zkPort}\n`);
    const r = await lab.run(['server-start', '-daemon', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`error: log.dirs ${join(lab.dir, 'kafka-logs')} is in use by broker 0 (pid ${brokerPid}) started from ${serverFile}`);
  });

  it('sees the .lock of a broker it did not start (no pid file) through the operating system', async () => {
    const { renameSync, writeFileSync } = await import('node:fs');
    const pidFile = join(lab.dir, 'run', `broker-0-${port}.json`);
    const hidden = join(lab.dir, 'hidden-pid.json');
    renameSync(pidFile, hidden);
    try {
      const other = join(lab.dir, 'foreign');
      mkdirSync(other);
      const file = join(other, 'server.properties');
      writeFileSync(
        file,
        `broker.id=6\nlisteners=PLAINTEXT://127.0.0.1:${await freePort()}\nlog.dirs=${join(lab.dir, 'kafka-logs')}\nzookeeper.connect=127.0.0.1:${zkPort}\n`,
      );
      const r = await lab.run(['server-start', '-daemon', file]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(`error: log.dirs ${join(lab.dir, 'kafka-logs')} is in use by another running Kafka (pid ${brokerPid})`);
    } finally {
      renameSync(hidden, pidFile);
    }
  });

  it('refuses a broker.id already registered in the same cluster', async () => {
    const other = join(lab.dir, 'dup-id');
    mkdirSync(other);
    const p2 = await freePort();
    const file = join(other, 'server.properties');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, `broker.id=0\nlisteners=PLAINTEXT://127.0.0.1:${p2}\nlog.dirs=${join(other, 'logs')}\nzookeeper.connect=localhost:${zkPort}\n`);
    const r = await lab.run(['server-start', '-daemon', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`error: broker.id 0 is already registered in this cluster by broker 0 (pid ${brokerPid}) started from ${serverFile}`);
    expect(r.stderr).toContain('hint: Give every broker its own broker.id');
  });

  it('refuses a config whose log.dirs another config in the same folder also uses', async () => {
    const other = join(lab.dir, 'pair');
    mkdirSync(other);
    const { writeFileSync } = await import('node:fs');
    const [p1, p2] = [await freePort(), await freePort()];
    writeFileSync(
      join(other, 'server-1.properties'),
      `broker.id=1\nlisteners=PLAINTEXT://127.0.0.1:${p1}\nlog.dirs=${join(other, 'shared')}\nzookeeper.connect=127.0.0.1:${zkPort}\n`,
    );
    writeFileSync(
      join(other, 'server-2.properties'),
      `broker.id=2\nlisteners=PLAINTEXT://127.0.0.1:${p2}\nlog.dirs=${join(other, 'shared')}\nzookeeper.connect=127.0.0.1:${zkPort}\n`,
    );
    const r = await lab.run(['server-start', '-daemon', join(other, 'server-2.properties')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`error: log.dirs ${join(other, 'shared')} is shared by server-2.properties and server-1.properties`);
  });

  it('server-stop stops the broker by its pid file and leaves no JVM', async () => {
    const r = await lab.run(['server-stop']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Kafka broker 0 \\(pid ${brokerPid}\\) stopped in \\d+\\.\\d s\\n$`));
    expect(await waitGone(brokerPid)).toBe(true);
  });

  it('zookeeper-stop stops ZooKeeper and leaves no JVM; nothing is left to stop afterwards', async () => {
    const r = await lab.run(['zookeeper-stop']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ZooKeeper \\(pid ${zkPid}\\) stopped in`));
    expect(await waitGone(zkPid)).toBe(true);
    expect(readdirSync(join(lab.dir, 'run'))).toEqual([]);
    const again = await lab.run(['server-stop']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr.split('\n')[0]).toBe('error: No kafka server to stop');
    const zkAgain = await lab.run(['zookeeper-stop']);
    expect(zkAgain.exitCode).toBe(1);
    expect(zkAgain.stderr.split('\n')[0]).toBe('error: No zookeeper server to stop');
  });

  it('a broker whose zookeeper.connect does not answer fails after a bounded wait', async () => {
    const r = await lab.run(['server-start', '-daemon', 'server.properties']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`error: zookeeper.connect 127.0.0.1:${zkPort} is unreachable (no answer within 5 s)`);
    expect(r.ms).toBeLessThan(15_000);
  });
});
