import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  completedEntityMessage,
  parseConfigEntities,
  parseScramCredential,
  planClientConfigChange,
  quotaEntity,
  quotaLines,
  quotaMatches,
  scramLine,
  type ConfigEntityArgs,
} from '../../../src/admin/configs.js';
import { saltedPassword } from '../../../src/client/admin-scram.js';

const entities = (a: ConfigEntityArgs) => parseConfigEntities(a);
const usage = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
};

describe('kafka-configs entities (ConfigCommand entityTypes / entityNames)', () => {
  it('reads --entity-type/--entity-name/--entity-default and the shorthand flags', () => {
    expect(entities({ entityType: ['users'], entityName: ['alice'] })).toEqual({ types: ['users'], names: ['alice'] });
    expect(entities({ entityType: ['clients'], entityDefault: 1 })).toEqual({ types: ['clients'], names: [''] });
    expect(entities({ entityType: ['users', 'clients'], entityName: ['alice', 'app'] })).toEqual({ types: ['users', 'clients'], names: ['alice', 'app'] });
    expect(entities({ user: 'alice', clientDefaults: true })).toEqual({ types: ['users', 'clients'], names: ['alice', ''] });
    expect(entities({ entityType: ['users', 'clients'] })).toEqual({ types: ['users', 'clients'], names: [] });
    expect(entities({ ip: '127.0.0.1' })).toEqual({ types: ['ips'], names: ['127.0.0.1'] });
  });

  it("refuses with Kafka's words", () => {
    expect(usage(() => entities({ entityType: ['users', 'users'] }))).toBe('Duplicate entity type(s) specified: users');
    expect(usage(() => entities({ entityType: ['users', 'topics'] }))).toBe("Only 'users' and 'clients' entity types may be specified together");
    expect(usage(() => entities({ entityType: ['groups'] }))).toMatch(
      /^Invalid entity type groups, the entity type must be one of topics, clients, users, brokers/,
    );
    expect(usage(() => entities({ entityType: ['users'], user: 'a' }))).toBe(
      '--entity-{type,name,default} should not be used in conjunction with specific entity flags',
    );
    expect(usage(() => entities({ entityType: ['brokers'], entityName: ['one'] }))).toBe(
      'The entity name for brokers must be a valid integer broker id, but it is: one',
    );
    expect(usage(() => entities({ entityType: ['ips'], entityName: ['not an ip'] }))).toBe(
      'The entity name for ips must be a valid IP or resolvable host, but it is: not an ip',
    );
    expect(usage(() => entities({ entityType: ['users'], alter: true }))).toBe(
      'an entity-name or default entity must be specified with --alter of users, clients, brokers or ips',
    );
    expect(usage(() => entities({ entityType: ['topics'], alter: true }))).toBe('an entity name must be specified with --alter of topics');
    expect(usage(() => entities({ entityType: ['users', 'clients'], entityName: ['a'], alter: true }))).toBe(
      'An entity name must be specified for every entity type',
    );
    expect(usage(() => entities({}))).toBe('Missing required argument "[entity-type]"');
  });

  it('maps entities onto quota entities and describe filters', () => {
    expect(quotaEntity({ types: ['users', 'clients'], names: ['alice', ''] })).toEqual([
      { entityType: 'user', entityName: 'alice' },
      { entityType: 'client-id', entityName: null },
    ]);
    expect(quotaMatches({ types: ['users', 'clients'], names: ['alice'] })).toEqual([
      { entityType: 'user', match: 'exact', name: 'alice' },
      { entityType: 'client-id', match: 'any' },
    ]);
    expect(quotaMatches({ types: ['ips'], names: [''] })).toEqual([{ entityType: 'ip', match: 'default' }]);
    expect(completedEntityMessage({ types: ['users'], names: ['alice'] })).toBe('Completed updating config for user alice.');
    expect(completedEntityMessage({ types: ['clients'], names: [''] })).toBe('Completed updating default config for clients in the cluster.');
    expect(completedEntityMessage({ types: ['ips'], names: ['127.0.0.1'] })).toBe('Completed updating config for ip 127.0.0.1.');
  });
});

describe('quota and SCRAM changes', () => {
  const users = { types: ['users' as const], names: ['alice'] };
  it('quotas are numbers; deletions carry no value', () => {
    expect(planClientConfigChange(users, [['producer_byte_rate', '1024']], ['consumer_byte_rate'])).toEqual({
      kind: 'quota',
      ops: [
        { key: 'producer_byte_rate', value: 1024 },
        { key: 'consumer_byte_rate', value: null },
      ],
    });
    expect(usage(() => planClientConfigChange(users, [['producer_byte_rate', 'abc']], []))).toBe(
      'Cannot parse quota configuration value for producer_byte_rate: abc',
    );
  });

  it('SCRAM credentials: iterations default to 4096, at least 4096; the password is never echoed', () => {
    expect(planClientConfigChange(users, [['SCRAM-SHA-256', 'iterations=8192,password=alice-secret']], ['SCRAM-SHA-512'])).toEqual({
      kind: 'scram',
      user: 'alice',
      upsertions: [{ mechanism: 'SCRAM-SHA-256', iterations: 8192, password: 'alice-secret' }],
      deletions: ['SCRAM-SHA-512'],
    });
    expect(parseScramCredential('SCRAM-SHA-512', 'password=p,w=d')).toEqual({ iterations: 4096, password: 'p,w=d' });
    expect(parseScramCredential('SCRAM-SHA-512', 'iterations=-1,password=x')).toEqual({ iterations: 4096, password: 'x' });
    expect(usage(() => parseScramCredential('SCRAM-SHA-256', 'iterations=100,password=x'))).toBe(
      'Iterations 100 is less than the minimum 4096 required for SCRAM-SHA-256',
    );
    const bad = usage(() => parseScramCredential('SCRAM-SHA-256', 'pasword=topsecret'));
    expect(bad).toMatch(/^Invalid credential property SCRAM-SHA-256=\[\.\.\.\]/);
    expect(bad).not.toContain('topsecret');
  });

  it("refuses mixes Kafka refuses, in Kafka's words", () => {
    expect(usage(() => planClientConfigChange({ types: ['clients'], names: ['app'] }, [['SCRAM-SHA-256', 'password=x']], []))).toBe(
      "Only quota configs can be added for 'clients' using --bootstrap-server. Unexpected config names: SCRAM-SHA-256",
    );
    expect(usage(() => planClientConfigChange(users, [['foo', '1']], []))).toBe(
      "Only quota and SCRAM credential configs can be added for 'users' using --bootstrap-server. Unexpected config names: foo",
    );
    expect(usage(() => planClientConfigChange({ types: ['users'], names: [''] }, [['SCRAM-SHA-256', 'password=x']], []))).toBe(
      'The use of --entity-default or --user-defaults is not allowed with User SCRAM Credentials using --bootstrap-server.',
    );
    expect(
      usage(() =>
        planClientConfigChange(
          users,
          [
            ['SCRAM-SHA-256', 'password=x'],
            ['producer_byte_rate', '1'],
          ],
          [],
        ),
      ),
    ).toBe("Cannot alter both quota and SCRAM credential configs simultaneously for 'users' using --bootstrap-server.");
    expect(usage(() => planClientConfigChange({ types: ['ips'], names: ['127.0.0.1'] }, [['producer_byte_rate', '1']], []))).toBe(
      "Only connection quota configs can be added for 'ips' using --bootstrap-server. Unexpected config names: producer_byte_rate",
    );
  });

  it('salts like SCRAM Hi(): PBKDF2 over the mechanism HMAC, one hash long', () => {
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    // Hi() written out: U1 = HMAC(p, salt || 1), Ui = HMAC(p, Ui-1), result = U1 ^ ... ^ Ui
    const hi = (hash: string, iterations: number) => {
      let u = createHmac(hash, 'pencil')
        .update(Buffer.concat([salt, Buffer.from([0, 0, 0, 1])]))
        .digest();
      const out = Buffer.from(u);
      for (let i = 1; i < iterations; i++) {
        u = createHmac(hash, 'pencil').update(u).digest();
        for (let j = 0; j < out.length; j++) out[j]! ^= u[j]!;
      }
      return out;
    };
    expect(saltedPassword('SCRAM-SHA-256', 'pencil', salt, 4096)).toEqual(hi('sha256', 4096));
    expect(saltedPassword('SCRAM-SHA-512', 'pencil', salt, 4096)).toEqual(hi('sha512', 4096));
    expect(saltedPassword('SCRAM-SHA-512', 'pencil', salt, 4096)).toHaveLength(64);
  });
});

describe("quota and SCRAM text (ConfigCommand's, in Java HashMap order)", () => {
  it('prints values as Java doubles, in the order Kafka 3.9 printed them against a broker', () => {
    expect(
      quotaLines([
        {
          entity: [{ entityType: 'user', entityName: 'alice' }],
          values: [
            { key: 'producer_byte_rate', value: 1024 },
            { key: 'consumer_byte_rate', value: 10485760 },
          ],
        },
      ]),
    ).toEqual(["Quota configs for user-principal 'alice' are consumer_byte_rate=1.048576E7, producer_byte_rate=1024.0"]);
    // the broker answered the default first; Kafka printed app1 first
    expect(
      quotaLines([
        { entity: [{ entityType: 'client-id', entityName: null }], values: [{ key: 'producer_byte_rate', value: 2048 }] },
        { entity: [{ entityType: 'client-id', entityName: 'app1' }], values: [{ key: 'request_percentage', value: 50.5 }] },
      ]),
    ).toEqual(["Quota configs for client-id 'app1' are request_percentage=50.5", 'Quota configs for the default client-id are producer_byte_rate=2048.0']);
    expect(
      quotaLines([
        {
          entity: [
            { entityType: 'client-id', entityName: 'app1' },
            { entityType: 'user', entityName: 'alice' },
          ],
          values: [{ key: 'producer_byte_rate', value: 4096 }],
        },
      ]),
    ).toEqual(["Quota configs for user-principal 'alice', client-id 'app1' are producer_byte_rate=4096.0"]);
    // both ip entities fall into one bucket: Kafka keeps the broker's order there, and so do we
    const ips = [
      { entity: [{ entityType: 'ip' as const, entityName: null }], values: [{ key: 'connection_creation_rate', value: 200 }] },
      { entity: [{ entityType: 'ip' as const, entityName: '127.0.0.1' }], values: [{ key: 'connection_creation_rate', value: 100 }] },
    ];
    expect(quotaLines(ips)).toEqual([
      'Quota configs for the default ip are connection_creation_rate=200.0',
      "Quota configs for ip '127.0.0.1' are connection_creation_rate=100.0",
    ]);
    expect(quotaLines([...ips].reverse())[0]).toMatch(/^Quota configs for ip '127.0.0.1'/);
  });

  it('names SCRAM mechanisms with their iterations, never a password', () => {
    expect(
      scramLine('admin', [
        { mechanism: 'SCRAM-SHA-256', iterations: 4096 },
        { mechanism: 'SCRAM-SHA-512', iterations: 4096 },
      ]),
    ).toBe("SCRAM credential configs for user-principal 'admin' are SCRAM-SHA-256=iterations=4096, SCRAM-SHA-512=iterations=4096");
  });
});
