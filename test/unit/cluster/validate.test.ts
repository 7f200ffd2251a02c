import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../../src/config/properties.js';
import { findConfigClashes, formatClash } from '../../../src/cluster/validate.js';

const file = (path: string, text: string) => ({ path, props: parseProperties(text) });
const zk = file('/lab/zookeeper.properties', 'dataDir=/lab/zk\nclientPort=2181\n');
const broker = (id: number, port: number, dir: string, name = `/lab/server-${id}.properties`) =>
  file(name, `broker.id=${id}\nlisteners=PLAINTEXT://127.0.0.1:${port}\nlog.dirs=${dir}\nzookeeper.connect=127.0.0.1:2181\n`);

describe('findConfigClashes', () => {
  it('finds nothing in a correct lab', () => {
    expect(findConfigClashes([zk, broker(1, 9092, '/lab/b1'), broker(2, 9093, '/lab/b2'), broker(3, 9094, '/lab/b3')])).toEqual([]);
  });

  it('names both files when two brokers share log.dirs', () => {
    const clashes = findConfigClashes([zk, broker(1, 9092, '/lab/b1'), broker(2, 9093, '/lab/b1')]);
    expect(clashes).toHaveLength(1);
    expect(clashes[0]).toMatchObject({ kind: 'log.dirs', value: '/lab/b1', files: ['/lab/server-1.properties', '/lab/server-2.properties'] });
    expect(formatClash(clashes[0]!)).toBe('log.dirs /lab/b1 is shared by server-1.properties and server-2.properties');
  });

  it('finds a shared directory in a comma list, and one written differently (trailing slash)', () => {
    const clashes = findConfigClashes([broker(1, 9092, '/x/a,/x/b'), broker(2, 9093, '/x/c,/x/b/')]);
    expect(clashes.map((c) => c.value)).toEqual(['/x/b']);
  });

  it("names both files when two brokers share a port, and a broker on ZooKeeper's port", () => {
    const clashes = findConfigClashes([zk, broker(1, 9092, '/lab/b1'), broker(2, 9092, '/lab/b2'), broker(3, 2181, '/lab/b3')]);
    expect(clashes.map(formatClash)).toEqual([
      'port 9092 is used by server-1.properties (listeners) and server-2.properties (listeners)',
      'port 2181 is used by zookeeper.properties (clientPort) and server-3.properties (listeners)',
    ]);
  });

  it('names both files for a duplicate broker.id', () => {
    const clashes = findConfigClashes([broker(1, 9092, '/lab/b1'), broker(1, 9093, '/lab/b2', '/lab/server-2.properties')]);
    expect(clashes).toHaveLength(1);
    expect(formatClash(clashes[0]!)).toBe('broker.id 1 is used by both server-1.properties and server-2.properties');
  });

  it("finds a broker using ZooKeeper's dataDir as its log dir", () => {
    const clashes = findConfigClashes([zk, broker(1, 9092, '/lab/zk')]);
    expect(clashes).toHaveLength(1);
    expect(formatClash(clashes[0]!)).toBe('directory /lab/zk is shared by zookeeper.properties and server-1.properties');
  });

  it('checks KRaft node ids, controller ports and metadata.log.dir', () => {
    const kraft = (id: number, p: number, c: number, meta: string) =>
      file(
        `/k/server-${p}.properties`,
        `process.roles=broker,controller\nnode.id=${id}\nlisteners=PLAINTEXT://:${p},CONTROLLER://:${c}\ncontroller.listener.names=CONTROLLER\nlog.dirs=/k/d${p}\nmetadata.log.dir=${meta}\n`,
      );
    const clashes = findConfigClashes([kraft(1, 9092, 9093, '/k/m1'), kraft(2, 9094, 9093, '/k/m1')]);
    expect(clashes.map((c) => `${c.kind}:${c.value}`)).toEqual(['port:9093', 'log.dirs:/k/m1']);
    expect(findConfigClashes([kraft(1, 9092, 9093, '/k/m1'), kraft(1, 9094, 9095, '/k/m2')]).map((c) => c.kind)).toEqual(['node.id']);
  });

  it('uses full paths when both files have the same base name', () => {
    const clashes = findConfigClashes([broker(1, 9092, '/d', '/a/server.properties'), broker(2, 9093, '/d', '/b/server.properties')]);
    expect(formatClash(clashes[0]!)).toBe('log.dirs /d is shared by /a/server.properties and /b/server.properties');
  });
});
