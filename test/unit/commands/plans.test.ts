/**
 * Options to plans: each command with real option logic turns its parsed options into a plan
 * (a pure function) before any work; usage mistakes are refused there.
 */
import { describe, expect, it } from 'vitest';
import { clusterPlan } from '../../../src/commands/cluster.js';
import { scaffoldPlan } from '../../../src/commands/cluster-scaffold.js';
import { dumpLogPlan } from '../../../src/commands/dump-log.js';
import { enginePlan } from '../../../src/commands/engine.js';
import { logDirsPlan } from '../../../src/commands/log-dirs.js';
import { stopPlan } from '../../../src/commands/server-stop.js';
import { startPlan } from '../../../src/commands/start-command.js';
import { storagePlan } from '../../../src/commands/storage.js';
import dumpLog from '../../../src/commands/dump-log.js';
import cluster from '../../../src/commands/cluster.js';
import { declaredFlags } from '../../../src/completion/sources.js';
import type { Argv } from 'yargs';

const USAGE = 'kafka-lab server-start [-daemon] server.properties [--override property=value]*';

describe('server-start / zookeeper-start', () => {
  it('plans a start with overrides split and the defaults kept', () => {
    expect(startPlan('broker', USAGE, { config: 's.properties', daemon: true, override: ['broker.id=2', 'log.dirs=/a=b'], timeout: 60_000 })).toEqual({
      role: 'broker',
      configFile: 's.properties',
      daemon: true,
      overrides: [
        ['broker.id', '2'],
        ['log.dirs', '/a=b'],
      ],
      engineVersion: undefined,
      heap: undefined,
      readyTimeoutMs: 60_000,
    });
    expect(startPlan('zookeeper', USAGE, { config: 'zk.properties', engine: '3.9.2', heap: '256m' })).toMatchObject({
      role: 'zookeeper',
      daemon: false,
      overrides: [],
      engineVersion: '3.9.2',
      heap: '256m',
    });
  });

  it('refuses a missing file, an override without =, a heap that is no JVM size, a timeout below 1', () => {
    expect(() => startPlan('broker', USAGE, {})).toThrow(
      expect.objectContaining({ kind: 'usage', message: 'missing the config file', hint: `USAGE: ${USAGE}` }),
    );
    expect(() => startPlan('broker', USAGE, { config: 'x', override: ['novalue'] })).toThrow("--override expects key=value, got 'novalue'");
    expect(() => startPlan('broker', USAGE, { config: 'x', heap: 'lots' })).toThrow("--heap expects a JVM size such as 512m or 1g, got 'lots'");
    expect(() => startPlan('broker', USAGE, { config: 'x', timeout: 0 })).toThrow('--timeout expects a positive number of ms, got 0');
  });
});

describe('server-stop', () => {
  it('plans a selection, and refuses --all with --node-id or a negative id', () => {
    expect(stopPlan({ nodeId: 2, timeout: 1000 })).toEqual({ selection: { nodeId: 2, all: undefined, processRole: undefined }, timeoutMs: 1000 });
    expect(() => stopPlan({ all: true, nodeId: 1, timeout: 1 })).toThrow('--all and --node-id cannot be used together');
    expect(() => stopPlan({ nodeId: -1, timeout: 1 })).toThrow('--node-id expects a number, got -1');
  });
});

describe('storage', () => {
  it('needs no JVM for random-uuid', () => {
    expect(storagePlan({ action: 'random-uuid' })).toEqual({ action: 'random-uuid' });
  });

  it("passes format's flags to kafka-storage in its own spelling", () => {
    expect(
      storagePlan({
        action: 'format',
        config: 'k.properties',
        clusterId: 'abc',
        standalone: true,
        ignoreFormatted: true,
        releaseVersion: '3.9-IV0',
        addScram: ['SCRAM-SHA-256=[name=a,password=b]'],
        feature: ['kraft.version=1'],
        engine: '4.1.2',
      }),
    ).toEqual({
      action: 'format',
      config: 'k.properties',
      toolArgs: [
        '--cluster-id',
        'abc',
        '--standalone',
        '--ignore-formatted',
        '--release-version',
        '3.9-IV0',
        '--add-scram',
        'SCRAM-SHA-256=[name=a,password=b]',
        '--feature',
        'kraft.version=1',
      ],
      engineVersion: '4.1.2',
    });
    expect(storagePlan({ action: 'format', config: 'k', clusterId: 'x', initialControllers: false }).toolArgs).toEqual([
      '--cluster-id',
      'x',
      '--no-initial-controllers',
    ]);
    expect(storagePlan({ action: 'format', config: 'k', clusterId: 'x', initialControllers: '1@h:9093:AAA' }).toolArgs).toEqual([
      '--cluster-id',
      'x',
      '--initial-controllers',
      '1@h:9093:AAA',
    ]);
    expect(storagePlan({ action: 'info', config: 'k' })).toEqual({ action: 'info', config: 'k', toolArgs: [], engineVersion: undefined });
  });

  it('refuses format without an id, format or info without a config', () => {
    expect(() => storagePlan({ action: 'format', config: 'k' })).toThrow('storage format needs --cluster-id (-t) ID');
    expect(() => storagePlan({ action: 'info' })).toThrow('storage info needs --config (-c) FILE');
  });
});

describe('engine', () => {
  it('installs the default version, the positional one or --version, but not two different ones', () => {
    expect(enginePlan({ action: 'install' })).toEqual({ action: 'install', version: '3.9.2' });
    expect(enginePlan({ action: 'install', engineVersion: '4.1.2' })).toEqual({ action: 'install', version: '4.1.2' });
    expect(enginePlan({ action: 'install', engineVersion: '4.1.2', version: '4.1.2' })).toEqual({ action: 'install', version: '4.1.2' });
    expect(() => enginePlan({ action: 'install', engineVersion: '4.1.2', version: '3.9.2' })).toThrow('two versions given: 4.1.2 and --version 3.9.2');
    expect(enginePlan({ action: 'list', output: 'json' })).toEqual({ action: 'list', format: 'json' });
    expect(() => enginePlan({})).toThrow('engine needs an action: install or list');
  });
});

describe('dump-log', () => {
  it('splits the file list and keeps the dump options', () => {
    expect(dumpLogPlan({ files: ' a.log, ,b.index ', printDataLog: true, output: 'json' })).toEqual({
      files: ['a.log', 'b.index'],
      options: { printDataLog: true, deepIteration: undefined, skipRecordMetadata: undefined, offsetsDecoder: undefined, maxBytes: undefined },
      format: 'json',
    });
    expect(dumpLogPlan({ files: 'a.log' }).format).toBe('text');
  });

  it('refuses an empty list and a max-bytes below 1', () => {
    expect(() => dumpLogPlan({ files: ' , ' })).toThrow('--files needs at least one file');
    expect(() => dumpLogPlan({ files: 'a.log', maxBytes: 0 })).toThrow('--max-bytes expects a positive whole number, got 0');
  });
});

describe('log-dirs', () => {
  it('reads a lab by default, or the log dirs named', () => {
    expect(logDirsPlan({})).toEqual({ source: { kind: 'lab', dir: undefined }, topic: undefined, topicConfigs: true, format: 'text' });
    expect(logDirsPlan({ logDir: ['/a', '/b'], config: 's.properties', topic: 't', topicConfigs: false, output: 'json' })).toEqual({
      source: { kind: 'log-dirs', dirs: ['/a', '/b'], config: 's.properties' },
      topic: 't',
      topicConfigs: false,
      format: 'json',
    });
  });

  it('refuses a lab and log dirs at once, and --config without --log-dir', () => {
    expect(() => logDirsPlan({ dir: 'lab', logDir: ['/a'] })).toThrow('use either --dir (a lab) or --log-dir (one broker log dir), not both');
    expect(() => logDirsPlan({ config: 's.properties' })).toThrow('--config goes with --log-dir');
  });
});

describe('cluster', () => {
  it('plans each action; stop-broker and start-broker take the id as argument or --node-id', () => {
    expect(clusterPlan({ action: 'status', dir: 'lab', output: 'json' })).toMatchObject({ action: 'status', dir: 'lab', format: 'json', purge: false });
    expect(clusterPlan({ action: 'stop-broker', id: 2 })).toMatchObject({ action: 'stop-broker', brokerId: 2 });
    expect(clusterPlan({ action: 'start-broker', nodeId: 3 })).toMatchObject({ brokerId: 3 });
    expect(clusterPlan({ action: 'down', purge: true, yes: true })).toMatchObject({ purge: true, yes: true, brokerId: undefined });
    expect(clusterPlan({ action: 'info', topic: ['a', 1] })).toMatchObject({ topics: ['a', '1'] });
  });

  it('suggests the nearest action and asks for a missing broker id', () => {
    expect(() => clusterPlan({ action: 'stat' })).toThrow(
      expect.objectContaining({ message: "unknown action 'stat' for 'cluster'", hint: expect.stringMatching(/^did you mean 'kafka-lab cluster status'/) }),
    );
    expect(() => clusterPlan({ action: 'stop-broker' })).toThrow('cluster stop-broker needs a broker id');
  });
});

describe('cluster-scaffold', () => {
  const sources = { clusterId: () => 'ID', password: () => 'pw', now: () => '2026-01-01T00:00:00.000Z' };
  const argv = { brokers: 3, dir: '/tmp/lab', mode: 'zookeeper' as const };

  it('fills in the engine, the clock and, for KRaft, the cluster id', () => {
    expect(scaffoldPlan(argv, sources)).toMatchObject({
      dir: '/tmp/lab',
      engineVersion: '3.9.2',
      createdAt: '2026-01-01T00:00:00.000Z',
      security: 'plaintext',
    });
    expect(scaffoldPlan(argv, sources).clusterId).toBeUndefined();
    expect(scaffoldPlan({ ...argv, mode: 'kraft' }, sources).clusterId).toBe('ID');
    expect(scaffoldPlan({ ...argv, mode: 'kraft', kafkaVersion: '4.1.2' }, sources).engineVersion).toBe('4.1.2');
  });

  it('draws passwords for a secured lab and names TLS files for a TLS one', () => {
    expect(scaffoldPlan({ ...argv, security: 'sasl-scram' }, sources).secrets).toEqual({ adminPassword: 'pw', clientPassword: 'pw' });
    const tls = scaffoldPlan({ ...argv, security: 'sasl-ssl' }, sources);
    expect(tls.secrets?.keyPassword).toBe('pw');
    expect(tls.tls?.caCert).toBe('/tmp/lab/secrets/ca.pem');
    expect(tls.tls?.brokerKeystore(2)).toBe('/tmp/lab/secrets/broker-2.pem');
  });

  it('refuses what the generator cannot make, with its message', () => {
    expect(() => scaffoldPlan({ ...argv, brokers: 0 }, sources)).toThrow('--brokers must be a whole number from 1 to 9 (got 0)');
    expect(() => scaffoldPlan({ ...argv, kafkaVersion: '4.1.2' }, sources)).toThrow('Kafka 4.1.2 has no ZooKeeper mode');
  });
});

describe('flags a command declares (for completion)', () => {
  const builderOf = (m: { builder?: unknown }) => m.builder as (y: Argv) => unknown;

  it('lists long flags and their aliases, with choices, and not hidden ones', () => {
    const flags = declaredFlags(builderOf(dumpLog));
    expect(flags.map((f) => f.name)).toEqual(expect.arrayContaining(['files', 'print-data-log', 'deep-iteration', 'max-bytes', 'output', 'help']));
    expect(flags.find((f) => f.name === 'output')?.choices).toEqual(['text', 'json']);
    const clusterFlags = declaredFlags(builderOf(cluster)).map((f) => f.name);
    expect(clusterFlags).toEqual(expect.arrayContaining(['bootstrap-server', 'command-config', 'dir', 'purge', 'yes']));
    expect(clusterFlags).not.toContain('y');
  });
});
