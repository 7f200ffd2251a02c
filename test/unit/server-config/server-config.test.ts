import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../../src/config/properties.js';
import { interpretServerConfig, interpretZooKeeperConfig, looksLikeZooKeeperConfig } from '../../../src/config/server-config.js';

const server = (text: string) => interpretServerConfig(parseProperties(text), 'server.properties');

describe('interpretServerConfig', () => {
  it('reads a ZooKeeper-mode broker', () => {
    const s = server('broker.id=2\nlisteners=PLAINTEXT://127.0.0.1:9094\nlog.dirs=/data/a,/data/b\nzookeeper.connect=localhost:2181\n');
    expect(s.mode).toBe('zookeeper');
    expect(s.nodeId).toBe(2);
    expect(s.roles).toEqual(['broker']);
    expect(s.listeners).toEqual([{ name: 'PLAINTEXT', host: '127.0.0.1', port: 9094 }]);
    expect(s.logDirs).toEqual(['/data/a', '/data/b']);
    expect(s.zookeeperConnect).toBe('localhost:2181');
    expect(s.clientAddress).toBe('127.0.0.1:9094');
  });

  it('applies Kafka defaults: port 9092 on all interfaces and /tmp/kafka-logs; log.dir when log.dirs is absent', () => {
    const s = server('broker.id=0\n');
    expect(s.listeners).toEqual([{ name: 'PLAINTEXT', host: '', port: 9092 }]);
    expect(s.logDirs).toEqual(['/tmp/kafka-logs']);
    expect(s.clientAddress).toBe('localhost:9092');
    expect(server('log.dir=/one\n').logDirs).toEqual(['/one']);
    expect(server('log.dir=/one\nlog.dirs=/two\n').logDirs).toEqual(['/two']);
  });

  it('reads a combined KRaft node and picks the advertised non-controller listener for clients', () => {
    const s = server(
      [
        'process.roles=broker,controller',
        'node.id=3',
        'listeners=PLAINTEXT://:19092,CONTROLLER://:19093',
        'advertised.listeners=PLAINTEXT://localhost:19092',
        'controller.listener.names=CONTROLLER',
        'controller.quorum.voters=1@localhost:9093,3@127.0.0.1:19093',
        'metadata.log.dir=/meta',
      ].join('\n'),
    );
    expect(s.mode).toBe('kraft');
    expect(s.nodeId).toBe(3);
    expect(s.roles).toEqual(['broker', 'controller']);
    expect(s.controllerListenerNames).toEqual(['CONTROLLER']);
    expect(s.quorumVoters).toEqual([
      { id: 1, host: 'localhost', port: 9093 },
      { id: 3, host: '127.0.0.1', port: 19093 },
    ]);
    expect(s.metadataLogDir).toBe('/meta');
    expect(s.clientAddress).toBe('localhost:19092');
  });

  it('a controller-only node has no client address', () => {
    const s = server('process.roles=controller\nnode.id=1\nlisteners=CONTROLLER://:9093\ncontroller.listener.names=CONTROLLER\n');
    expect(s.clientAddress).toBeUndefined();
  });

  it('rejects malformed listeners and ids, naming the file', () => {
    expect(() => server('listeners=localhost:9092\n')).toThrow(/server.properties: listeners entry 'localhost:9092'/);
    expect(() => server('broker.id=one\n')).toThrow(/broker.id=one is not a whole number/);
    expect(() => server('process.roles=broker\ncontroller.quorum.voters=localhost:9093\n')).toThrow(/controller.quorum.voters/);
  });
});

describe('interpretZooKeeperConfig', () => {
  it('reads clientPort, address and data dirs', () => {
    const z = interpretZooKeeperConfig(parseProperties('dataDir=/zk\nclientPort=2182\nclientPortAddress=127.0.0.1\n'), 'zookeeper.properties');
    expect(z).toMatchObject({ clientPort: 2182, clientPortAddress: '127.0.0.1', dataDir: '/zk', dataLogDir: undefined, clientAddress: '127.0.0.1:2182' });
  });
  it('defaults clientPort to 2181 and rejects a bad one', () => {
    expect(interpretZooKeeperConfig(parseProperties('dataDir=/zk\n'), 'z').clientPort).toBe(2181);
    expect(() => interpretZooKeeperConfig(parseProperties('clientPort=abc\n'), 'z.properties')).toThrow(/z.properties: clientPort=abc/);
  });
  it('tells ZooKeeper configs from broker configs', () => {
    expect(looksLikeZooKeeperConfig(parseProperties('dataDir=/zk\nclientPort=2181\n'))).toBe(true);
    expect(looksLikeZooKeeperConfig(parseProperties('broker.id=1\nlog.dirs=/x\n'))).toBe(false);
  });
});
