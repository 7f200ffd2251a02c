import { describe, expect, it } from 'vitest';
import { clusterInfoText, underReplicated, type ClusterInfo } from '../../../src/cluster/status.js';
import { labProcesses, processTable, recordOf } from '../../../src/cluster/processes.js';
import { scaffoldCluster } from '../../../src/cluster/scaffold.js';

const info: ClusterInfo = {
  clusterId: 'abc',
  controller: 2,
  brokers: [
    { nodeId: 1, host: '127.0.0.1', port: 9092 },
    { nodeId: 2, host: '127.0.0.1', port: 9093 },
  ],
  topics: [
    {
      name: 't',
      internal: false,
      partitions: [
        { partition: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2], offline: [3] },
        { partition: 1, leader: 2, replicas: [2, 1], isr: [2, 1], offline: [] },
      ],
    },
  ],
};

describe('cluster info', () => {
  it('counts partitions whose ISR is smaller than their replica set', () => {
    expect(underReplicated(info)).toBe(1);
    expect(underReplicated({ ...info, topics: [] })).toBe(0);
  });
  it('prints kcat -L style text with the controller marked', () => {
    const text = clusterInfoText(info);
    expect(text).toContain('broker 2 at 127.0.0.1:9093 (controller)');
    expect(text).toContain('topic "t" with 2 partitions:');
    expect(text).toContain('partition 0, leader 1, replicas: 1,2,3, isrs: 1,2, offline: 3');
  });
});

describe('lab processes', () => {
  const s = scaffoldCluster({ brokers: 2, dir: '/labs/p', mode: 'zookeeper', engineVersion: '3.9.2' });
  const lab = { dir: '/labs/p', manifest: s.manifest };
  it('lists ZooKeeper then each broker with its own config, data and log folders', () => {
    const ps = labProcesses(lab);
    expect(ps.map((p) => [p.name, p.configFile, p.dataDir, p.serverLogDir])).toEqual([
      ['zookeeper', '/labs/p/zookeeper.properties', '/labs/p/data/zookeeper', '/labs/p/logs/zookeeper'],
      ['broker-1', '/labs/p/server-1.properties', '/labs/p/data/broker-1', '/labs/p/logs/broker-1'],
      ['broker-2', '/labs/p/server-2.properties', '/labs/p/data/broker-2', '/labs/p/logs/broker-2'],
    ]);
    expect(processTable([{ ...ps[1]!, pid: 42, state: 'running', logFile: '/l' }]).rows).toEqual([
      [1, 'broker', '127.0.0.1:9092', 42, 'running', '/labs/p/data/broker-1', '/l'],
    ]);
  });
  it('matches pid-file records by config file and role only', () => {
    const ps = labProcesses(lab);
    const rec = (role: 'zookeeper' | 'broker', configFile: string) => ({
      role,
      pid: 1,
      configFile,
      address: 'x:1',
      logFile: '',
      engine: '',
      startedAt: '',
      alive: true,
      pidFile: '',
    });
    const servers = [
      rec('broker', '/labs/p/server-2.properties'),
      rec('broker', '/elsewhere/server-1.properties'),
      rec('zookeeper', '/labs/p/zookeeper.properties'),
    ];
    expect(recordOf(ps[0]!, servers)?.role).toBe('zookeeper');
    expect(recordOf(ps[1]!, servers)).toBeUndefined();
    expect(recordOf(ps[2]!, servers)?.configFile).toBe('/labs/p/server-2.properties');
  });
});
