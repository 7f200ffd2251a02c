import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../../src/config/properties.js';
import { interpretServerConfig, interpretZooKeeperConfig } from '../../../src/config/server-config.js';
import { scaffoldCluster, validateScaffoldOptions, type ScaffoldOptions } from '../../../src/cluster/scaffold.js';
import { findConfigClashes } from '../../../src/cluster/validate.js';

const base = (mode: 'zookeeper' | 'kraft', brokers: number, extra: Partial<ScaffoldOptions> = {}): ScaffoldOptions => ({
  brokers,
  dir: '/labs/x',
  mode,
  engineVersion: mode === 'zookeeper' ? '3.9.2' : '4.1.2',
  clusterId: mode === 'kraft' ? 'MkU3OEVBNTcwNTJENDM2Qk' : undefined,
  ...extra,
});

function brokerFiles(mode: 'zookeeper' | 'kraft', n: number, extra: Partial<ScaffoldOptions> = {}) {
  const s = scaffoldCluster(base(mode, n, extra));
  const brokers = s.files.filter((f) => /^server-\d\.properties$/.test(f.name)).map((f) => ({ name: f.name, props: parseProperties(f.content) }));
  return { s, brokers };
}

const min = Math.min;

for (const mode of ['zookeeper', 'kraft'] as const) {
  for (const n of [1, 3, 9]) {
    describe(`scaffold ${mode} with ${n} broker(s)`, () => {
      const { s, brokers } = brokerFiles(mode, n);

      it('writes one config per broker, and zookeeper.properties only in ZooKeeper mode', () => {
        expect(brokers.map((b) => b.name)).toEqual(Array.from({ length: n }, (_, i) => `server-${i + 1}.properties`));
        expect(s.files.some((f) => f.name === 'zookeeper.properties')).toBe(mode === 'zookeeper');
        expect(s.files.map((f) => f.name)).toEqual(expect.arrayContaining(['cluster.json', '.kafka-lab-profile.json', 'TERMINALS.md']));
      });

      it('gives every broker its own id, ports and log dir (nothing clashes)', () => {
        const idKey = mode === 'kraft' ? 'node.id' : 'broker.id';
        const ids = brokers.map((b) => b.props.get(idKey));
        expect(ids).toEqual(Array.from({ length: n }, (_, i) => String(i + 1)));
        const listeners = brokers.map((b) => b.props.get('listeners'));
        expect(new Set(listeners).size).toBe(n);
        const dirs = brokers.map((b) => b.props.get('log.dirs'));
        expect(dirs).toEqual(Array.from({ length: n }, (_, i) => `/labs/x/data/broker-${i + 1}`));
        const advertised = brokers.map((b) => b.props.get('advertised.listeners'));
        expect(advertised).toEqual(Array.from({ length: n }, (_, i) => `PLAINTEXT://127.0.0.1:${9092 + i}`));
        const all = s.files.filter((f) => f.name.endsWith('.properties')).map((f) => ({ path: `/labs/x/${f.name}`, props: parseProperties(f.content) }));
        expect(findConfigClashes(all)).toEqual([]);
      });

      it('gives every broker the same cluster-wide settings, sized for N', () => {
        const expected: Record<string, string> = {
          'offsets.topic.replication.factor': String(min(3, n)),
          'transaction.state.log.replication.factor': String(min(3, n)),
          'transaction.state.log.min.isr': String(min(2, min(3, n))),
          'default.replication.factor': String(min(3, n)),
          'min.insync.replicas': String(min(2, min(3, n))),
          'num.partitions': String(n),
        };
        for (const b of brokers) for (const [k, v] of Object.entries(expected)) expect(b.props.get(k), `${b.name} ${k}`).toBe(v);
        const shared = mode === 'kraft' ? ['controller.quorum.voters', 'controller.listener.names', 'process.roles'] : ['zookeeper.connect'];
        for (const key of shared) expect(new Set(brokers.map((b) => b.props.get(key))).size, key).toBe(1);
      });

      it('points every broker at the right coordination service', () => {
        if (mode === 'zookeeper') {
          const zk = interpretZooKeeperConfig(parseProperties(s.files.find((f) => f.name === 'zookeeper.properties')!.content), 'zk');
          expect(zk.clientPort).toBe(2181);
          expect(zk.dataDir).toBe('/labs/x/data/zookeeper');
          for (const b of brokers) expect(b.props.get('zookeeper.connect')).toBe('127.0.0.1:2181');
        } else {
          const voters = brokers[0]!.props.get('controller.quorum.voters')!;
          expect(voters.split(',')).toEqual(Array.from({ length: n }, (_, i) => `${i + 1}@127.0.0.1:${9192 + i}`));
          for (const b of brokers) {
            const c = interpretServerConfig(b.props, b.name);
            expect(c.mode).toBe('kraft');
            expect(c.roles).toEqual(['broker', 'controller']);
            expect(c.listeners.find((l) => l.name === 'CONTROLLER')!.port).toBe(9192 + c.nodeId! - 1);
          }
          expect(s.manifest.clusterId).toBe('MkU3OEVBNTcwNTJENDM2Qk');
        }
      });

      it('records the lab in cluster.json and the profile', () => {
        const manifest = JSON.parse(s.files.find((f) => f.name === 'cluster.json')!.content);
        expect(manifest).toMatchObject({ kind: 'kafka-lab-cluster', mode, heap: '512m', nodes: expect.any(Array) });
        expect(manifest.nodes).toHaveLength(n);
        const profile = JSON.parse(s.files.find((f) => f.name === '.kafka-lab-profile.json')!.content);
        expect(profile.bootstrapServers.split(',')).toHaveLength(n);
        expect(profile.bootstrapServers).toBe(manifest.bootstrapServers);
      });
    });
  }
}

describe('scaffold options', () => {
  it('uses --base-port and --port-step, --partitions and --replication-factor', () => {
    const { brokers } = brokerFiles('zookeeper', 3, { basePort: 19092, portStep: 10, zookeeperPort: 12181, partitions: 6, replicationFactor: 2 });
    expect(brokers.map((b) => b.props.get('listeners'))).toEqual(['PLAINTEXT://127.0.0.1:19092', 'PLAINTEXT://127.0.0.1:19102', 'PLAINTEXT://127.0.0.1:19112']);
    expect(brokers[0]!.props.get('num.partitions')).toBe('6');
    expect(brokers[0]!.props.get('default.replication.factor')).toBe('2');
    expect(brokers[0]!.props.get('min.insync.replicas')).toBe('2');
    expect(brokers[0]!.props.get('zookeeper.connect')).toBe('127.0.0.1:12181');
  });

  it('refuses impossible options with one sentence', () => {
    expect(validateScaffoldOptions(base('zookeeper', 0))).toMatch(/--brokers must be a whole number from 1 to 9/);
    expect(validateScaffoldOptions(base('zookeeper', 10))).toMatch(/from 1 to 9/);
    expect(validateScaffoldOptions(base('zookeeper', 3, { replicationFactor: 4 }))).toMatch(/--replication-factor/);
    expect(validateScaffoldOptions(base('zookeeper', 3, { zookeeperPort: 9093 }))).toMatch(/port 9093 would be used by both ZooKeeper and broker 2/);
    expect(validateScaffoldOptions(base('kraft', 3, { controllerBasePort: 9094 }))).toMatch(/port 9094/);
    expect(validateScaffoldOptions(base('zookeeper', 3, { engineVersion: '4.1.2' }))).toMatch(/no ZooKeeper mode/);
    expect(validateScaffoldOptions(base('zookeeper', 3, { heap: 'lots' }))).toMatch(/--heap/);
    expect(validateScaffoldOptions(base('kraft', 3))).toBeUndefined();
  });

  it('TERMINALS.md lists ZooKeeper, each broker, a producer and a consumer', () => {
    const { s } = brokerFiles('zookeeper', 3);
    expect(s.terminals).toContain('kafka-lab zookeeper-start zookeeper.properties');
    for (const i of [1, 2, 3]) expect(s.terminals).toContain(`kafka-lab server-start server-${i}.properties`);
    expect(s.terminals).toContain('kafka-lab console-producer --topic lab-events');
    expect(s.terminals).toContain('kafka-lab console-consumer --topic lab-events');
    const k = brokerFiles('kraft', 3).s.terminals;
    expect(k).not.toContain('zookeeper-start');
    expect(k).toContain('storage format --cluster-id MkU3OEVBNTcwNTJENDM2Qk --config server-1.properties');
  });
});
