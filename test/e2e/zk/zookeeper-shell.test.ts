/** zookeeper-shell and zookeeper-status against the shared real ZooKeeper, next to Kafka's own shell. */
import { describe, expect, inject, it } from 'vitest';
import { freePort, runKafkaTool } from '../../helpers/kafka.js';
import { runCli } from '../../helpers/cli.js';
import { ZkClient } from '../../../src/zk/client.js';

const zookeeper = inject('zookeeper');
const env = { TZ: 'UTC' };

/** Kafka's shell prints connection chatter first; the answer is what follows the WatchedEvent line. */
function kafkaAnswer(stdout: string): string {
  const lines = stdout.split('\n');
  const i = lines.findIndex((l) => l.startsWith('WatchedEvent state:SyncConnected'));
  return lines.slice(i + 1).join('\n');
}

async function compare(...command: string[]) {
  const [ours, theirs] = await Promise.all([
    runCli(['zookeeper-shell', zookeeper, ...command], { env }),
    runKafkaTool('org.apache.zookeeper.ZooKeeperMainWithTlsSupportForKafka', ['-server', zookeeper, ...command]),
  ]);
  expect(theirs.exitCode, theirs.stderr).toBe(0);
  expect(ours.exitCode, ours.stderr).toBe(0);
  expect(ours.stdout).toBe(kafkaAnswer(theirs.stdout));
  return ours;
}

describe('zookeeper-shell', () => {
  it("ls /brokers/ids shows the live broker like Kafka's shell", async () => {
    const r = await compare('ls', '/brokers/ids');
    expect(r.stdout).toBe('[0]\n');
  });

  it("get /controller and stat/ls -s print the same as Kafka's shell", async () => {
    const r = await compare('get', '/controller');
    expect(JSON.parse(r.stdout)).toMatchObject({ brokerid: 0 });
    await compare('stat', '/brokers');
    // not /brokers/topics: other test files create topics meanwhile, so two reads of it differ
    await compare('ls', '-s', '/brokers/ids');
  });

  it('names a missing node and exits 1', async () => {
    const r = await runCli(['zookeeper-shell', zookeeper, 'get', '/no-such-node']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Node does not exist: /no-such-node');
  });

  it('reads commands from a pipe', async () => {
    const r = await runCli(['zookeeper-shell', zookeeper], { input: 'ls /brokers\nget /nope\nls /brokers/ids\n' });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('[ids, seqid, topics]\n[0]\n');
    expect(r.stderr).toContain('Node does not exist: /nope');
  });

  it('fails clearly when nothing listens', async () => {
    const port = await freePort();
    const r = await runCli(['zookeeper-shell', `127.0.0.1:${port}`, 'ls', '/']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/connection refused by 127\.0\.0\.1:\d+/);
  });

  it('the client sees an ephemeral broker registration with its owner session', async () => {
    const zk = await ZkClient.connect(zookeeper);
    try {
      const stat = await zk.exists('/brokers/ids/0');
      expect(stat?.ephemeralOwner).not.toBe(0n);
      expect(await zk.exists('/brokers/ids/99')).toBeUndefined();
    } finally {
      await zk.close();
    }
  });
});

describe('zookeeper-status', () => {
  it('says ZooKeeper is up with mode and version', async () => {
    const r = await runCli(['zookeeper-status', zookeeper]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ZooKeeper at ${zookeeper} is up (ruok → imok)`);
    expect(r.stdout).toMatch(/mode:\s+standalone/);
    const j = await runCli(['zookeeper-status', zookeeper, '--output', 'json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, ruok: 'imok', srvr: { mode: 'standalone' } });
  });

  it('fails clearly on a refused connection', async () => {
    const port = await freePort();
    const r = await runCli(['zookeeper-status', `127.0.0.1:${port}`]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/is not answering: connection refused/);
    expect(r.stderr).toContain('hint:');
  });
});
