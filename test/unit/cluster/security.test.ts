import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../../src/config/properties.js';
import { interpretServerConfig } from '../../../src/config/server-config.js';
import { scaffoldCluster, validateScaffoldOptions, type ScaffoldOptions, type SecurityMode } from '../../../src/cluster/scaffold.js';
import { writeScaffold } from '../../../src/cluster/write-scaffold.js';
import { newPassword } from '../../../src/cluster/secrets.js';
import { mapClientProperties } from '../../../src/client/command-config.js';
import { maskSecrets, registerSecret, tlsProblem, translateKafkaError } from '../../../src/client/errors.js';

const secrets = { adminPassword: 'AdminPw1234', clientPassword: 'ClientPw5678', keyPassword: 'KeyPw9012' };
const tls = { caCert: '/labs/x/secrets/ca.pem', brokerKeystore: (id: number) => `/labs/x/secrets/broker-${id}.pem` };

function lab(mode: 'zookeeper' | 'kraft', security: SecurityMode, brokers = 3, extra: Partial<ScaffoldOptions> = {}) {
  const s = scaffoldCluster({
    brokers,
    dir: '/labs/x',
    mode,
    engineVersion: '3.9.2',
    clusterId: mode === 'kraft' ? 'MkU3OEVBNTcwNTJENDM2Qk' : undefined,
    security,
    secrets,
    tls,
    ...extra,
  });
  const file = (name: string) => s.files.find((f) => f.name === name);
  const props = (name: string) => parseProperties(file(name)!.content);
  return { s, file, props };
}

describe('cluster-scaffold --security', () => {
  it('plaintext is unchanged: no client.properties, no secrets, no security entries', () => {
    const { s, props } = lab('zookeeper', 'plaintext');
    expect(s.files.map((f) => f.name)).not.toContain('client.properties');
    expect(s.manifest.security).toBeUndefined();
    expect(props('server-1.properties').get('listeners')).toBe('PLAINTEXT://127.0.0.1:9092');
    expect([...props('server-1.properties').keys()].filter((k) => /sasl|ssl/.test(k))).toEqual([]);
  });

  it('sasl-scram (ZooKeeper mode): SASL_PLAINTEXT listener, SCRAM for brokers, JAAS per listener and mechanism', () => {
    const { s, props } = lab('zookeeper', 'sasl-scram');
    const p = props('server-2.properties');
    expect(p.get('listeners')).toBe('SASL_PLAINTEXT://127.0.0.1:9093');
    expect(p.get('listener.security.protocol.map')).toBe('SASL_PLAINTEXT:SASL_PLAINTEXT');
    expect(p.get('inter.broker.listener.name')).toBe('SASL_PLAINTEXT');
    expect(p.get('sasl.enabled.mechanisms')).toBe('SCRAM-SHA-256,SCRAM-SHA-512');
    expect(p.get('sasl.mechanism.inter.broker.protocol')).toBe('SCRAM-SHA-512');
    expect(p.get('listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config')).toBe(
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="AdminPw1234";',
    );
    expect(p.get('listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config')).toContain('ScramLoginModule');
    expect(interpretServerConfig(p, 'server-2.properties').clientAddress).toBe('127.0.0.1:9093');
    expect(s.manifest).toMatchObject({ security: 'sasl-scram', clientConfig: 'client.properties', scramMechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512'] });
    expect(props('secrets/scram-users.properties')).toEqual(
      new Map([
        ['admin', 'AdminPw1234'],
        ['client', 'ClientPw5678'],
      ]),
    );
  });

  it('sasl-plain: users in the PLAIN JAAS line, no SCRAM users file', () => {
    const { s, props } = lab('kraft', 'sasl-plain', 1);
    const p = props('server-1.properties');
    expect(p.get('listeners')).toBe('SASL_PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9192');
    expect(p.get('listener.security.protocol.map')).toBe('CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT');
    expect(p.get('listener.name.sasl_plaintext.plain.sasl.jaas.config')).toBe(
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="AdminPw1234" user_admin="AdminPw1234" user_client="ClientPw5678";',
    );
    expect(s.files.map((f) => f.name)).not.toContain('secrets/scram-users.properties');
    expect(s.manifest.scramMechanisms).toBeUndefined();
  });

  it('sasl-ssl (KRaft): SASL_SSL listener with PEM keystore and truststore; controller stays plaintext', () => {
    const { props } = lab('kraft', 'sasl-ssl', 3);
    const p = props('server-3.properties');
    expect(p.get('listeners')).toBe('SASL_SSL://127.0.0.1:9094,CONTROLLER://127.0.0.1:9194');
    expect(p.get('inter.broker.listener.name')).toBe('SASL_SSL');
    expect(p.get('ssl.keystore.type')).toBe('PEM');
    expect(p.get('ssl.keystore.location')).toBe('/labs/x/secrets/broker-3.pem');
    expect(p.get('ssl.key.password')).toBe('KeyPw9012');
    expect(p.get('ssl.truststore.type')).toBe('PEM');
    expect(p.get('ssl.truststore.location')).toBe('/labs/x/secrets/ca.pem');
    expect(p.get('listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config')).toContain('password="AdminPw1234"');
  });

  it('ssl: SSL listener, no SASL settings', () => {
    const { props } = lab('zookeeper', 'ssl', 1);
    const p = props('server-1.properties');
    expect(p.get('listeners')).toBe('SSL://127.0.0.1:9092');
    expect([...p.keys()].filter((k) => k.includes('sasl'))).toEqual([]);
    expect(props('client.properties')).toEqual(
      new Map([
        ['bootstrap.servers', '127.0.0.1:9092'],
        ['security.protocol', 'SSL'],
        ['ssl.truststore.type', 'PEM'],
        ['ssl.truststore.location', '/labs/x/secrets/ca.pem'],
      ]),
    );
  });

  it('client.properties and admin.properties are accepted by the kafka-lab client mapping', () => {
    for (const security of ['sasl-plain', 'sasl-scram', 'sasl-ssl'] as const) {
      const { props } = lab('zookeeper', security, 1);
      const client = props('client.properties');
      expect(client.get('sasl.jaas.config')).toContain('username="client" password="ClientPw5678"');
      expect(props('admin.properties').get('sasl.jaas.config')).toContain('username="admin" password="AdminPw1234"');
      // the CA file does not exist here: check everything else maps
      client.delete('ssl.truststore.location');
      client.delete('ssl.truststore.type');
      const mapped = mapClientProperties(client, { source: 'client.properties' });
      expect(mapped.config.sasl).toMatchObject({
        mechanism: security === 'sasl-plain' ? 'PLAIN' : 'SCRAM-SHA-512',
        username: 'client',
        password: 'ClientPw5678',
      });
      expect(mapped.bootstrapServers).toEqual(['127.0.0.1:9092']);
    }
  });

  it('labs with users run an authorizer: admin (and in KRaft the plaintext controller peers) are super users; a TLS-only lab has none', () => {
    const zk = lab('zookeeper', 'sasl-scram', 1).props('server-1.properties');
    expect(zk.get('authorizer.class.name')).toBe('kafka.security.authorizer.AclAuthorizer');
    expect(zk.get('super.users')).toBe('User:admin');
    const kraft = lab('kraft', 'sasl-plain', 1);
    expect(kraft.props('server-1.properties').get('authorizer.class.name')).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(kraft.props('server-1.properties').get('super.users')).toBe('User:admin;User:ANONYMOUS');
    expect(kraft.s.manifest).toMatchObject({ adminConfig: 'admin.properties', authorizer: 'org.apache.kafka.metadata.authorizer.StandardAuthorizer' });
    expect(kraft.s.terminals).toMatch(/## ACLs: what the user "client" may do/);
    expect(kraft.s.terminals).toContain('kafka-lab acls --add --allow-principal User:client --producer --topic lab-events');
    const ssl = lab('zookeeper', 'ssl', 1);
    expect(ssl.props('server-1.properties').has('authorizer.class.name')).toBe(false);
    expect(ssl.s.manifest.authorizer).toBeUndefined();
    expect(lab('zookeeper', 'plaintext', 1).props('server-1.properties').has('authorizer.class.name')).toBe(false);
  });

  it('marks every file holding a secret 0600 and the profile connects as admin', () => {
    const { s, file } = lab('zookeeper', 'sasl-ssl', 2);
    const secretFiles = s.files.filter((f) => f.content.includes('AdminPw1234') || f.content.includes('ClientPw5678') || f.content.includes('KeyPw9012'));
    expect(secretFiles.map((f) => f.name).sort()).toEqual([
      'admin.properties',
      'client.properties',
      'secrets/scram-users.properties',
      'server-1.properties',
      'server-2.properties',
    ]);
    for (const f of secretFiles) expect(f.mode).toBe(0o600);
    expect(JSON.parse(file('.kafka-lab-profile.json')!.content)).toMatchObject({ commandConfig: 'admin.properties' });
    expect(file('cluster.json')!.content).not.toMatch(/AdminPw1234|ClientPw5678|KeyPw9012/);
    expect(s.terminals).toMatch(/## Security: sasl-ssl/);
    expect(s.terminals).not.toMatch(/AdminPw1234|ClientPw5678|KeyPw9012/);
  });

  it('writes secret files with mode 0600 (also when overwriting) and the secrets folder 0700', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kl-sec-')), 'lab');
    const { s } = lab('zookeeper', 'sasl-scram', 1, { dir });
    writeScaffold(s, dir, false);
    writeScaffold(s, dir, true);
    expect(statSync(join(dir, 'client.properties')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'server-1.properties')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, 'secrets', 'scram-users.properties'), 'utf8')).toContain('client=ClientPw5678');
  });

  it('refuses a secured lab without secrets, and an unknown mode', () => {
    expect(() => scaffoldCluster({ brokers: 1, dir: '/x', mode: 'zookeeper', engineVersion: '3.9.2', security: 'sasl-scram' })).toThrow(
      /needs generated secrets/,
    );
    expect(() => scaffoldCluster({ brokers: 1, dir: '/x', mode: 'zookeeper', engineVersion: '3.9.2', security: 'ssl', secrets })).toThrow(/TLS files/);
    expect(validateScaffoldOptions({ brokers: 1, dir: '/x', mode: 'zookeeper', engineVersion: '3.9.2', security: 'kerberos' as SecurityMode })).toMatch(
      /--security must be one of/,
    );
  });
});

describe('generated passwords', () => {
  it('are 24 letters/digits and differ every time', () => {
    const a = newPassword();
    expect(a).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(new Set(Array.from({ length: 50 }, () => newPassword())).size).toBe(50);
  });
});

describe('secrets and TLS errors', () => {
  it('masks registered secrets in any text, including translated errors', () => {
    registerSecret('s3cr3t-value');
    expect(maskSecrets('password="s3cr3t-value" again s3cr3t-value')).toBe('password="[hidden]" again [hidden]');
    const e = translateKafkaError(Object.assign(new Error('weird s3cr3t-value'), { name: 'Error' }));
    expect(e.message).not.toContain('s3cr3t-value');
    expect(e.message).toContain('[hidden]');
  });

  it('a client property file password is registered when mapped', () => {
    mapClientProperties(
      new Map([
        ['security.protocol', 'SASL_PLAINTEXT'],
        ['sasl.mechanism', 'PLAIN'],
        ['sasl.jaas.config', 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="mapped-pw-1";'],
      ]),
      { source: 'x' },
    );
    expect(maskSecrets('mapped-pw-1')).toBe('[hidden]');
  });

  it('names each TLS failure with a hint', () => {
    expect(tlsProblem('self-signed certificate in certificate chain')?.message).toMatch(/not trusted/);
    expect(tlsProblem('unable to verify the first certificate')?.hint).toMatch(/ssl\.truststore\.location/);
    expect(tlsProblem("Hostname/IP does not match certificate's altnames: Host: localhost.")?.message).toMatch(/host name mismatch/);
    expect(tlsProblem('Client network socket disconnected before secure TLS connection was established')?.message).toMatch(/does not speak TLS/);
    expect(tlsProblem('Connection timeout')).toBeUndefined();
    const e = translateKafkaError(Object.assign(new Error('Connection closed'), { code: 'ECONNRESET' }), { brokers: ['127.0.0.1:1'] });
    expect(e.message).toBe('cannot connect to Kafka at 127.0.0.1:1: the broker closed the connection');
    expect(e.hint).toMatch(/security\.protocol/);
  });
});
