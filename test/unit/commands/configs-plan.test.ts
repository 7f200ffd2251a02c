/**
 * configs' options to a plan (src/admin/configs-plan.ts): --describe or --alter, the entities,
 * a topic name checked and an --alter's changes parsed, all before anything connects. The
 * entity and quota/SCRAM rules themselves are tested in test/unit/configs/client-configs.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configsPlan } from '../../../src/admin/configs-plan.js';

const usage = (message: string) => expect.objectContaining({ kind: 'usage', exitCode: 2, message });
const topic = { entityType: ['topics'], entityName: ['orders'] };

describe('configs plan', () => {
  it('takes exactly one of --describe and --alter', () => {
    const one = usage('Command must include exactly one action: --describe, --alter');
    expect(() => configsPlan(topic)).toThrow(one);
    expect(() => configsPlan({ ...topic, describe: true, alter: true })).toThrow(one);
  });

  it('describes one topic, every topic, or the brokers (with the connection and --verbose for the client)', () => {
    expect(configsPlan({ ...topic, describe: true, all: true, bootstrapServer: 'h:1', timeout: 3000, verbose: true })).toEqual({
      action: 'describe',
      type: 'topics',
      name: 'orders',
      all: true,
      format: 'text',
      connection: { bootstrapServer: 'h:1', commandConfig: undefined, timeout: 3000, verbose: true },
    });
    expect(configsPlan({ entityType: ['topics'], describe: true, output: 'json' })).toMatchObject({
      type: 'topics',
      name: undefined,
      all: false,
      format: 'json',
    });
    expect(configsPlan({ brokerDefaults: true, describe: true })).toMatchObject({ action: 'describe', type: 'brokers', name: '' });
  });

  it('checks a topic name as Kafka does, before connecting', () => {
    expect(() => configsPlan({ topic: 'bad name', describe: true })).toThrow(
      usage("Topic name is invalid: 'bad name' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"),
    );
  });

  it('parses an --alter: --add-config with [ ] groups, --delete-config lists', () => {
    expect(
      configsPlan({ topic: 'orders', alter: true, addConfig: ['retention.ms=1000,cleanup.policy=[compact,delete]'], deleteConfig: ['a, b'] }),
    ).toMatchObject({
      action: 'alter',
      type: 'topics',
      name: 'orders',
      add: [
        ['retention.ms', '1000'],
        ['cleanup.policy', 'compact,delete'],
      ],
      del: ['a', 'b'],
    });
    expect(configsPlan({ broker: '1', alter: true, deleteConfig: ['log.cleaner.threads'] })).toMatchObject({ type: 'brokers', name: '1', add: [] });
  });

  it('reads --add-config-file, and takes it or --add-config, not both', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'configs-plan-')), 'add.properties');
    writeFileSync(file, 'retention.ms=86400000\nsegment.bytes=1048576\n');
    expect(configsPlan({ topic: 'orders', alter: true, addConfigFile: file })).toMatchObject({
      add: [
        ['retention.ms', '86400000'],
        ['segment.bytes', '1048576'],
      ],
    });
    expect(() => configsPlan({ topic: 'orders', alter: true, addConfigFile: file, addConfig: ['a=1'] })).toThrow(
      usage('Only one of --add-config or --add-config-file must be specified'),
    );
  });

  it("refuses an --alter without changes, and a config without '=' (catalogue row E14)", () => {
    expect(() => configsPlan({ topic: 'orders', alter: true })).toThrow(
      usage('At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter'),
    );
    expect(() => configsPlan({ ...topic, alter: true, addConfig: ['retention.ms'] })).toThrow(
      usage('Invalid entity config: all configs to be added must be in the format "key=val". Got \'retention.ms\''),
    );
  });

  it('users, clients and ips: quotas and SCRAM describe, with SCRAM only for named or all users', () => {
    expect(configsPlan({ entityType: ['users'], describe: true })).toMatchObject({
      action: 'describe-clients',
      entities: { types: ['users'], names: [] },
      withScram: true,
    });
    expect(configsPlan({ user: 'alice', client: 'app', describe: true })).toMatchObject({ withScram: false });
    expect(configsPlan({ userDefaults: true, describe: true })).toMatchObject({ withScram: false });
    expect(() => configsPlan({ entityType: ['users'], describe: true, all: true })).toThrow(usage('--all lists topic, broker and broker-logger configs only'));
  });

  it('users, clients and ips: an --alter is a quota or SCRAM change, checked before connecting (rows S09, S11)', () => {
    expect(configsPlan({ client: 'app', alter: true, addConfig: ['producer_byte_rate=1048576'], deleteConfig: ['consumer_byte_rate'] })).toMatchObject({
      action: 'alter-clients',
      entities: { types: ['clients'], names: ['app'] },
      change: {
        kind: 'quota',
        ops: [
          { key: 'producer_byte_rate', value: 1048576 },
          { key: 'consumer_byte_rate', value: null },
        ],
      },
    });
    expect(configsPlan({ user: 'alice', alter: true, addConfig: ['SCRAM-SHA-256=[iterations=8192,password=pw]'] })).toMatchObject({
      change: { kind: 'scram', user: 'alice', upsertions: [{ mechanism: 'SCRAM-SHA-256', iterations: 8192, password: 'pw' }], deletions: [] },
    });
    expect(() => configsPlan({ user: 'alice', alter: true, addConfig: ['SCRAM-SHA-256=[iterations=100,password=pw]'] })).toThrow(
      usage('Iterations 100 is less than the minimum 4096 required for SCRAM-SHA-256'),
    );
    expect(() => configsPlan({ client: 'app', alter: true, addConfig: ['producer_byte_rate=fast'] })).toThrow(
      usage('Cannot parse quota configuration value for producer_byte_rate: fast'),
    );
  });
});
