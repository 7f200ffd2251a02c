import { describe, expect, it } from 'vitest';
import { mapClientProperties, parseJaasConfig } from '../../../src/client/command-config.js';
import { KafkaLabError } from '../../../src/errors.js';

const map = (o: Record<string, string>, allow?: (k: string) => boolean) =>
  mapClientProperties(new Map(Object.entries(o)), { source: 'test.properties', allow });

describe('client properties → client settings', () => {
  it('maps SASL_SSL with SCRAM and a PEM truststore given inline', () => {
    const r = map({
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="s3 cr\\"et";',
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.certificates': '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----',
      'client.id': 'me',
      'request.timeout.ms': '5000',
    });
    expect(r.config.sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'alice', password: 's3 cr"et' });
    expect((r.config.tls as { ca: string[] }).ca[0]).toContain('BEGIN CERTIFICATE');
    expect(r.config.clientId).toBe('me');
    expect(r.config.requestTimeoutMs).toBe(5000);
  });

  it('turns on plain TLS for SSL without stores', () => {
    expect(map({ 'security.protocol': 'SSL' }).config.tls).toEqual({});
  });

  it('refuses JKS with the conversion command', () => {
    try {
      map({ 'security.protocol': 'SSL', 'ssl.truststore.location': '/x/truststore.jks' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(KafkaLabError);
      expect((err as KafkaLabError).message).toBe('ssl.truststore.type=JKS is not supported (in test.properties)');
      expect((err as KafkaLabError).hint).toContain('keytool -importkeystore -srckeystore /x/truststore.jks');
      expect((err as KafkaLabError).exitCode).toBe(2);
    }
  });

  it('names an unsupported property instead of ignoring it', () => {
    expect(() => map({ 'sasl.kerberos.service.name': 'kafka' })).toThrow("unsupported client property 'sasl.kerberos.service.name' in test.properties");
    expect(() => map({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'GSSAPI', 'sasl.jaas.config': 'x required;' })).toThrow(
      'sasl.mechanism=GSSAPI is not supported',
    );
    expect(() => map({ 'sasl.mechanism': 'PLAIN' })).toThrow('security.protocol is PLAINTEXT');
  });

  it('hands allowed producer/consumer properties back to the caller', () => {
    const r = map({ acks: 'all', 'bootstrap.servers': 'a:1,b:2', 'metadata.max.age.ms': '1000' }, (k) => k === 'acks');
    expect([...r.passthrough]).toEqual([['acks', 'all']]);
    expect(r.bootstrapServers).toEqual(['a:1', 'b:2']);
  });

  it('parses JAAS lines', () => {
    expect(parseJaasConfig('org.apache.kafka.common.security.plain.PlainLoginModule required username=bob password="p w";')).toEqual({
      module: 'org.apache.kafka.common.security.plain.PlainLoginModule',
      options: { username: 'bob', password: 'p w' },
    });
  });
});
