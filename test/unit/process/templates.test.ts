import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../../src/config/properties.js';
import { templatesDir } from '../../../src/paths.js';

const load = (name: string) => parseProperties(readFileSync(join(templatesDir, name), 'latin1'), name);

describe("configuration templates carry Kafka's documented defaults", () => {
  it('server.properties (ZooKeeper mode)', () => {
    const m = load('server.properties');
    expect(m.get('broker.id')).toBe('0');
    expect(m.get('log.retention.hours')).toBe('168');
    expect(m.get('log.retention.check.interval.ms')).toBe('300000');
    expect(m.get('zookeeper.connect')).toBe('localhost:2181');
    expect(m.get('zookeeper.connection.timeout.ms')).toBe('18000');
    expect(m.get('num.network.threads')).toBe('3');
    expect(m.get('num.io.threads')).toBe('8');
    expect(m.get('socket.request.max.bytes')).toBe('104857600');
    expect(m.get('offsets.topic.replication.factor')).toBe('1');
    expect(m.has('process.roles')).toBe(false);
  });
  it("zookeeper.properties: Kafka's file, plus the four-letter words zookeeper-status asks (issue 12 #5)", () => {
    expect(Object.fromEntries(load('zookeeper.properties'))).toEqual({
      dataDir: '/tmp/zookeeper',
      clientPort: '2181',
      maxClientCnxns: '0',
      'admin.enableServer': 'false',
      '4lw.commands.whitelist': 'ruok,srvr,stat,mntr,conf,cons,envi',
    });
  });
  it('kraft/server.properties (combined node, dynamic quorum)', () => {
    const m = load('kraft/server.properties');
    expect(m.get('process.roles')).toBe('broker,controller');
    expect(m.get('controller.quorum.bootstrap.servers')).toBe('localhost:9093');
    expect(m.get('controller.listener.names')).toBe('CONTROLLER');
    expect(m.get('log.segment.bytes')).toBe('1073741824');
    expect(m.get('log.retention.hours')).toBe('168');
  });
  it('client configs', () => {
    expect(Object.fromEntries(load('producer.properties'))).toEqual({ 'bootstrap.servers': 'localhost:9092', 'compression.type': 'none' });
    expect(Object.fromEntries(load('consumer.properties'))).toEqual({ 'bootstrap.servers': 'localhost:9092', 'group.id': 'test-consumer-group' });
  });
  it('every template line is a comment, blank, or a key=value Kafka can read', () => {
    for (const f of ['server.properties', 'zookeeper.properties', 'kraft/server.properties', 'producer.properties', 'consumer.properties']) {
      for (const line of readFileSync(join(templatesDir, f), 'utf8').split('\n')) {
        expect(line, `${f}: ${line}`).toMatch(/^(#.*|\s*|[a-zA-Z0-9.]+=\S*)$/);
      }
    }
  });
});
