/**
 * Growing a lab (pure parts): the config of the broker `cluster add-broker` writes, in
 * ZooKeeper and KRaft labs (a broker-only node), and the plan of `cluster rebalance`.
 */
import { describe, expect, it } from 'vitest';
import { nextBrokerPort, planNewBroker } from '../../../src/cluster/add-broker.js';
import { scaffoldCluster } from '../../../src/cluster/scaffold.js';
import { parseProperties } from '../../../src/config/properties.js';
import { planRebalance } from '../../../src/reassign/rebalance.js';

function lab(mode: 'zookeeper' | 'kraft', extra: Partial<Parameters<typeof scaffoldCluster>[0]> = {}) {
  const s = scaffoldCluster({ brokers: 3, dir: '/labs/x', mode, engineVersion: '3.9.2', basePort: 19092, clusterId: 'Vf7WgULjJmWGx7K9cbfjyQ', ...extra });
  const file = (name: string) => parseProperties(s.files.find((f) => f.name === name)!.content);
  return { manifest: s.manifest, template: file('server-1.properties') };
}

describe('cluster add-broker: the new broker', () => {
  it('ZooKeeper mode: next id, next port, its own log dir, the rest as broker 1', () => {
    const { manifest, template } = lab('zookeeper');
    const b = planNewBroker(manifest, template);
    const cfg = new Map(b.config);
    expect(b.node).toMatchObject({ id: 4, roles: ['broker'], configFile: 'server-4.properties', port: 19095, logDir: '/labs/x/data/broker-4' });
    expect(cfg.get('broker.id')).toBe('4');
    expect(cfg.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19095');
    expect(cfg.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19095');
    expect(cfg.get('log.dirs')).toBe('/labs/x/data/broker-4');
    expect(cfg.get('zookeeper.connect')).toBe(template.get('zookeeper.connect'));
    expect(cfg.get('min.insync.replicas')).toBe(template.get('min.insync.replicas'));
    expect(b.manifest.nodes.map((n) => n.id)).toEqual([1, 2, 3, 4]);
    expect(b.manifest.bootstrapServers).toBe(`${manifest.bootstrapServers},127.0.0.1:19095`);
  });
  it('KRaft: a broker-only node; the controller quorum is unchanged', () => {
    const { manifest, template } = lab('kraft');
    const b = planNewBroker(manifest, template);
    const cfg = new Map(b.config);
    expect(cfg.get('process.roles')).toBe('broker');
    expect(cfg.get('node.id')).toBe('4');
    expect(cfg.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19095');
    expect(cfg.get('controller.quorum.voters')).toBe(template.get('controller.quorum.voters'));
    expect(cfg.get('controller.listener.names')).toBe('CONTROLLER');
    expect(cfg.get('listener.security.protocol.map')).toContain('CONTROLLER:PLAINTEXT');
    expect(b.node.controllerPort).toBeUndefined();
  });
  it('a TLS lab: the broker gets its own keystore, signed by the lab CA', () => {
    const tls = { caCert: '/labs/x/secrets/ca.pem', brokerKeystore: (id: number) => `/labs/x/secrets/broker-${id}.pem` };
    const { manifest, template } = lab('kraft', {
      security: 'ssl',
      secrets: { adminPassword: 'a'.repeat(12), clientPassword: 'c'.repeat(12), keyPassword: 'k'.repeat(12) },
      tls,
    });
    const b = planNewBroker(manifest, template);
    expect(new Map(b.config).get('ssl.keystore.location')).toBe('/labs/x/secrets/broker-4.pem');
    expect(b.keystore).toEqual({ path: '/labs/x/secrets/broker-4.pem', keyPassword: 'k'.repeat(12) });
  });
  it('the next port continues the step and skips the lab own ports', () => {
    const { manifest } = lab('kraft', { portStep: 10 });
    expect(nextBrokerPort(manifest)).toBe(19122);
    const crowded = { ...manifest, zookeeper: { configFile: 'z', host: '127.0.0.1', port: 19122, dataDir: 'd', serverLogDir: 'l' } };
    expect(nextBrokerPort(crowded)).toBe(19123);
    expect(() => planNewBroker(manifest, lab('kraft').template, { port: 19092 })).toThrow('port 19092 is already used by this lab');
  });
});

describe('cluster rebalance: the plan', () => {
  const topic = (name: string, replicas: number[][]) => replicas.map((r, partition) => ({ topic: name, partition, replicas: r }));
  it('after a 4th broker joins: it gets its share, few replicas move, no partition loses a replica', () => {
    const current = [
      ...topic('orders', [
        [1, 2, 3],
        [2, 3, 1],
        [3, 1, 2],
        [1, 3, 2],
        [2, 1, 3],
        [3, 2, 1],
      ]),
      ...topic('events', [
        [1, 2, 3],
        [2, 3, 1],
        [3, 1, 2],
      ]),
    ];
    const p = planRebalance(current, [1, 2, 3, 4]);
    const counts = [1, 2, 3, 4].map((b) => p.after.get(b)!.replicas);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2);
    expect(p.after.get(4)!.replicas).toBeGreaterThanOrEqual(6);
    expect(p.movedReplicas).toBe(p.after.get(4)!.replicas);
    for (const c of p.changes) {
      expect(new Set(c.to).size).toBe(c.to.length);
      expect(c.to.length).toBe(c.from.length);
    }
    const leaders = [1, 2, 3, 4].map((b) => p.after.get(b)!.leaders);
    expect(Math.max(...leaders) - Math.min(...leaders)).toBeLessThanOrEqual(1);
  });
  it('a balanced cluster needs nothing, and the plan is the same every time', () => {
    const current = topic('t', [
      [1, 2],
      [2, 3],
      [3, 1],
    ]);
    expect(planRebalance(current, [1, 2, 3]).changes).toEqual([]);
    const skewed = topic('t', [
      [1, 2],
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    expect(planRebalance(skewed, [1, 2, 3, 4])).toEqual(planRebalance(skewed, [1, 2, 3, 4]));
    expect(planRebalance(skewed, [1, 2, 3, 4]).after.get(3)!.replicas).toBe(2);
  });
});
