import { describe, expect, it } from 'vitest';
import * as library from '@platformatic/kafka';
import { NetworkError } from '@platformatic/kafka';
import { CLIENT_VERSIONS, describeProblem, formatBrokerApiVersions, unsupportedApis } from '../../../src/client/api-versions.js';
import { BrokerError, translateKafkaError } from '../../../src/client/errors.js';
import { FETCH_VERSIONS } from '../../../src/protocol/fetch.js';
import { PRODUCE_VERSIONS } from '../../../src/protocol/produce.js';

describe('api versions', () => {
  const ours = { 0: { minVersion: 0, maxVersion: 7 }, 19: { minVersion: 0, maxVersion: 3 } };

  it('the table of what kafka-lab sends matches the typed APIs of the client library (Produce and Fetch are ours)', () => {
    const implemented = new Map<number, number[]>();
    for (const value of Object.values(library)) {
      const api = (value as { api?: { key?: number; version?: number } })?.api;
      if (typeof api?.key === 'number' && typeof api.version === 'number') implemented.set(api.key, [...(implemented.get(api.key) ?? []), api.version]);
    }
    for (const [key, range] of Object.entries(CLIENT_VERSIONS)) {
      if (key === '0' || key === '1') continue;
      const versions = implemented.get(Number(key)) ?? [];
      for (let v = range.minVersion; v <= range.maxVersion; v++) expect(versions, `API ${key} v${v}`).toContain(v);
    }
  });

  it('the table says what our own Produce and Fetch encoders send', () => {
    expect(CLIENT_VERSIONS[0]).toEqual(PRODUCE_VERSIONS);
    expect(CLIENT_VERSIONS[1]).toEqual(FETCH_VERSIONS);
  });

  it('flags a broker whose floor is above what we send, naming API and versions', () => {
    const problems = unsupportedApis({ 0: { minVersion: 8, maxVersion: 12 }, 19: { minVersion: 2, maxVersion: 7 } }, ours, ['Produce', 'CreateTopics']);
    expect(problems.map(describeProblem)).toEqual(['the broker supports Produce (API key 0) versions 8-12, kafka-lab sends v0-7']);
  });

  it('flags a missing API', () => {
    expect(unsupportedApis({}, ours, ['CreateTopics']).map(describeProblem)).toEqual([
      'the broker does not support CreateTopics (API key 19); kafka-lab sends v0-3',
    ]);
  });

  it("formats Kafka's BrokerApiVersionsCommand block", () => {
    const text = formatBrokerApiVersions({
      host: 'h',
      port: 1,
      nodeId: 0,
      rack: null,
      versions: { 0: { minVersion: 0, maxVersion: 11 }, 45: { minVersion: 0, maxVersion: 0 } },
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('h:1 (id: 0 rack: null) -> (');
    expect(lines[1]).toBe('\tProduce(0): 0 to 11 [usable: 11],');
    expect(lines).toContain('\tAlterPartitionReassignments(45): 0 [usable: 0],');
    expect(lines).toContain('\tFetch(1): UNSUPPORTED,');
    expect(lines.at(-2)).toBe('\tReadShareGroupStateSummary(87): UNSUPPORTED');
    expect(lines.at(-1)).toBe(')');
  });

  it('uses the 4.x layout for a 4.x broker (isFenced, no ZooKeeper-era APIs, 4.1 names)', () => {
    const text = formatBrokerApiVersions({
      host: 'h',
      port: 1,
      nodeId: 1,
      rack: 'r1',
      versions: { 0: { minVersion: 3, maxVersion: 13 }, 74: { minVersion: 0, maxVersion: 1 } },
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('h:1 (id: 1 rack: r1 isFenced: false) -> (');
    expect(lines[1]).toBe('\tProduce(0): 3 to 13 [usable: 13],');
    expect(lines).not.toContain('\tLeaderAndIsr(4): UNSUPPORTED,');
    expect(lines).toContain('\tListConfigResources(74): 0 to 1 [usable: 1],');
    expect(lines.at(-2)).toBe('\tDeleteShareGroupOffsets(92): UNSUPPORTED');
  });
});

describe('translateKafkaError', () => {
  it('unwraps a connection failure into one line naming the cause', () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const outer = new NetworkError('Connection to 127.0.0.1:1 failed.', { cause: socket });
    const e = translateKafkaError(outer, { brokers: ['127.0.0.1:1'] });
    expect(e.message).toBe('cannot connect to Kafka at 127.0.0.1:1: connection refused');
    expect(e.exitCode).toBe(1);
  });
  it('names the topic for UNKNOWN_TOPIC_OR_PARTITION', () => {
    const e = translateKafkaError(new BrokerError(3, null, 'nope'), { topic: 'nope' });
    expect(e.message).toBe("topic 'nope' does not exist");
  });
});
