import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkNodeIdFree, checkZooKeeperReachable, clusterKey, loadServerConfig, lockHolder, siblingLogDirClash } from '../../../src/engine/preflight.js';
import { brokerFacts, zookeeperHosts } from '../../../src/engine/apache/config-facts.js';
import type { ListedServer } from '../../../src/process/servers.js';
import { checkPort } from '../../../src/util/ports.js';

const dir = () => mkdtempSync(join(tmpdir(), 'kafka-lab-preflight-'));

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

function listen(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    servers.push(s);
    s.listen(0, host, () => resolve((s.address() as { port: number }).port));
  });
}

describe('config loading', () => {
  it('names a missing file', () => {
    expect(() => loadServerConfig('/nonexistent/server.properties', 'config file')).toThrow('config file not found: /nonexistent/server.properties');
  });
  it('names file:line of a line whose key no Kafka key looks like', () => {
    const d = dir();
    writeFileSync(join(d, 's.properties'), 'broker.id=0\n\nlog.dirs/tmp/x\n');
    expect(() => loadServerConfig(join(d, 's.properties'), 'config file')).toThrow(
      `${join(d, 's.properties')}:3: malformed line: 'log.dirs/tmp/x' is not a config key`,
    );
  });
  it('applies --override pairs over the file', () => {
    const d = dir();
    writeFileSync(join(d, 's.properties'), 'broker.id=0\n');
    expect(loadServerConfig(join(d, 's.properties'), 'config file', [['broker.id', '3']]).props.get('broker.id')).toBe('3');
  });
});

describe('ports', () => {
  it('sees a port someone listens on as in use and a closed one as free', async () => {
    const port = await listen();
    expect(await checkPort('127.0.0.1', port)).toBe('in-use');
    expect(await checkPort('', port)).toBe('in-use');
    servers[0]!.close();
    servers = [];
    await new Promise((r) => setTimeout(r, 50));
    expect(await checkPort('127.0.0.1', port)).toBe('free');
  });
});

describe('log dir locks', () => {
  it('finds the pid holding a lock on the .lock file from /proc/locks text', () => {
    const d = dir();
    const lock = join(d, '.lock');
    writeFileSync(lock, '');
    const ino = statSync(lock).ino;
    const locks = `1: POSIX  ADVISORY  WRITE 4242 08:01:${ino} 0 EOF\n2: FLOCK  ADVISORY  WRITE 77 08:01:1 0 EOF\n`;
    expect(lockHolder(lock, locks)).toBe(4242);
    expect(lockHolder(lock, '1: POSIX  ADVISORY  WRITE 4242 08:01:1 0 EOF\n')).toBeUndefined();
    expect(lockHolder(join(d, 'missing'), locks)).toBeUndefined();
  });

  it('finds another broker config in the same folder using the same log.dirs, ignoring client configs', () => {
    const d = dir();
    writeFileSync(join(d, 'server-1.properties'), 'broker.id=1\nlog.dirs=/tmp/shared\n');
    writeFileSync(join(d, 'server-2.properties'), 'broker.id=2\nlog.dirs=/tmp/shared,/tmp/other\n');
    writeFileSync(join(d, 'consumer.properties'), 'group.id=g\n');
    const props = new Map([
      ['broker.id', '1'],
      ['log.dirs', '/tmp/shared'],
    ]);
    expect(siblingLogDirClash(join(d, 'server-1.properties'), props)).toEqual({ file: join(d, 'server-2.properties'), dir: '/tmp/shared' });
    // consumer.properties would default to /tmp/kafka-logs, but it sets no log dir so it never clashes
    const lone = dir();
    writeFileSync(join(lone, 'server.properties'), 'broker.id=1\n');
    writeFileSync(join(lone, 'consumer.properties'), 'group.id=g\n');
    expect(siblingLogDirClash(join(lone, 'server.properties'), new Map([['broker.id', '1']]))).toBeUndefined();
  });
});

function record(over: Partial<ListedServer>): ListedServer {
  return {
    role: 'broker',
    pid: 1,
    configFile: '/x',
    address: '127.0.0.1:9092',
    logFile: '/l',
    engine: 'apache-3.9.2',
    startedAt: '',
    alive: true,
    pidFile: '/p',
    ...over,
  };
}

describe('node ids', () => {
  it('refuses an id a running broker of the same cluster already has, naming it', () => {
    const d = dir();
    writeFileSync(join(d, 'other.properties'), 'broker.id=0\nzookeeper.connect=localhost:2181\n');
    const facts = brokerFacts(
      new Map([
        ['broker.id', '0'],
        ['zookeeper.connect', '127.0.0.1:2181'],
      ]),
    );
    expect(() => checkNodeIdFree(facts, [record({ nodeId: 0, pid: 99, configFile: join(d, 'other.properties') })])).toThrow(
      `broker.id 0 is already registered in this cluster by broker 0 (pid 99) started from ${join(d, 'other.properties')}`,
    );
  });
  it('allows the same id in another cluster, or when the other broker is not alive', () => {
    const d = dir();
    writeFileSync(join(d, 'other.properties'), 'broker.id=0\nzookeeper.connect=localhost:2182\n');
    const facts = brokerFacts(
      new Map([
        ['broker.id', '0'],
        ['zookeeper.connect', 'localhost:2181'],
      ]),
    );
    expect(() => checkNodeIdFree(facts, [record({ nodeId: 0, configFile: join(d, 'other.properties') })])).not.toThrow();
    writeFileSync(join(d, 'same.properties'), 'broker.id=0\nzookeeper.connect=localhost:2181\n');
    expect(() => checkNodeIdFree(facts, [record({ nodeId: 0, alive: false, configFile: join(d, 'same.properties') })])).not.toThrow();
  });
  it('identifies KRaft clusters by their quorum, whatever the order of voters', () => {
    const a = brokerFacts(
      new Map([
        ['process.roles', 'broker'],
        ['node.id', '2'],
        ['controller.quorum.voters', '1@localhost:9093,3@h:9094'],
      ]),
    );
    const b = brokerFacts(
      new Map([
        ['process.roles', 'broker'],
        ['node.id', '4'],
        ['controller.quorum.voters', '3@h:9094,1@127.0.0.1:9093'],
      ]),
    );
    expect(clusterKey(a)).toBe(clusterKey(b));
  });
});

describe('zookeeper.connect', () => {
  it('drops the chroot and defaults the port', () => {
    expect(zookeeperHosts('a:1,b/kafka')).toEqual([
      { host: 'a', port: 1 },
      { host: 'b', port: 2181 },
    ]);
  });
  it("passes when ZooKeeper's port answers and fails within the bounded wait when it does not", async () => {
    const port = await listen();
    await expect(checkZooKeeperReachable(`127.0.0.1:${port}`, 1000)).resolves.toBeUndefined();
    servers[0]!.close();
    servers = [];
    const start = Date.now();
    await expect(checkZooKeeperReachable(`127.0.0.1:${port}`, 1000)).rejects.toThrow(
      `zookeeper.connect 127.0.0.1:${port} is unreachable (no answer within 1 s)`,
    );
    expect(Date.now() - start).toBeLessThan(5000);
  });
});
