/**
 * Kafka client properties (the names Kafka's own tools read from --command-config,
 * --producer.config, --consumer.config) mapped onto kafka-lab's client settings. A property we cannot
 * honour is an error naming it, never silently dropped; callers that accept more
 * (producer/consumer settings) pass an allow-list and receive those back untouched.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import { registerSecret } from './errors.js';

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** How to reach and log in to a cluster, from Kafka client properties (library-neutral). */
export interface ClientSettings {
  /** TLS options (`{}` for TLS with the system's CAs); absent for a plaintext listener */
  tls?: ConnectionOptions;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  clientId?: string;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  retryBackoffMs?: number;
  retries?: number;
}

export interface MappedClientProperties {
  config: ClientSettings;
  /** properties the caller's allow-list accepted and that the client mapping did not consume */
  passthrough: Map<string, string>;
  /** bootstrap.servers from the file, used when no --bootstrap-server is given */
  bootstrapServers?: string[];
}

export interface MapOptions {
  /** where the properties came from, for messages ("--command-config file a.properties") */
  source: string;
  /** extra property names the caller handles itself (producer/consumer settings) */
  allow?: (key: string) => boolean;
}

/** Properties every Kafka client accepts that kafka-lab has no use for and that change nothing we can observe. */
const HARMLESS = new Set([
  'default.api.timeout.ms',
  'metadata.max.age.ms',
  'connections.max.idle.ms',
  'reconnect.backoff.ms',
  'reconnect.backoff.max.ms',
  'receive.buffer.bytes',
  'send.buffer.bytes',
  'client.dns.lookup',
  'socket.connection.setup.timeout.max.ms',
  'retry.backoff.max.ms',
  'ssl.enabled.protocols',
  'ssl.protocol',
  'ssl.truststore.password', // only meaningful for JKS/PKCS12, which we refuse with a conversion hint
]);

const MECHANISMS: Record<string, SaslMechanism> = {
  PLAIN: 'PLAIN',
  'SCRAM-SHA-256': 'SCRAM-SHA-256',
  'SCRAM-SHA-512': 'SCRAM-SHA-512',
};

/** A wrong property: a mistake in a file the user points at (invalid-config), or on the command line (usage). */
function wrongProperty(source: string, message: string, hint: string): KafkaLabError {
  return new KafkaLabError(message, { hint, kind: /\bfile\b/.test(source) ? 'invalid-config' : 'usage' });
}

/** Parses `LoginModule required username="u" password="p";` into its options. */
export function parseJaasConfig(jaas: string): { module: string; options: Record<string, string> } {
  const m = /^\s*([\w.$]+)\s+(required|requisite|sufficient|optional)\s*(.*?);?\s*$/s.exec(jaas);
  if (!m) throw new Error('not a JAAS login module line');
  const options: Record<string, string> = {};
  const re = /([\w.]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]+))/g;
  for (let r = re.exec(m[3]!); r; r = re.exec(m[3]!)) options[r[1]!] = r[2] !== undefined ? r[2].replace(/\\(.)/g, '$1') : r[3]!;
  return { module: m[1]!, options };
}

function readPemFile(path: string, property: string, source: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new KafkaLabError(`cannot read ${property}=${path} (${code ?? String(err)}) in ${source}`, {
      kind: code === 'ENOENT' ? 'not-found' : 'failed',
      hint: hints.checkPath,
    });
  }
}

function storeConversionHint(kind: 'truststore' | 'keystore', type: string, location: string): string {
  const p12 = `${location.replace(/\.(jks|p12|pfx|pkcs12)$/i, '')}.p12`;
  const toP12 = type === 'JKS' ? `keytool -importkeystore -srckeystore ${location} -destkeystore ${p12} -deststoretype PKCS12 && ` : '';
  const src = type === 'JKS' ? p12 : location;
  return kind === 'truststore'
    ? `kafka-lab needs PEM: ${toP12}openssl pkcs12 -in ${src} -nokeys -out ca.pem, then ssl.truststore.type=PEM and ssl.truststore.location=ca.pem`
    : `kafka-lab needs PEM: ${toP12}openssl pkcs12 -in ${src} -nodes -out client.pem, then ssl.keystore.type=PEM and ssl.keystore.location=client.pem`;
}

/** Maps Kafka client properties onto client settings; throws (exit 2) on anything we cannot honour. */
export function mapClientProperties(props: Map<string, string>, opts: MapOptions): MappedClientProperties {
  const config: ClientSettings = {};
  const passthrough = new Map<string, string>();
  const get = (k: string) => props.get(k);
  const consumed = new Set<string>();
  const take = (k: string) => {
    consumed.add(k);
    return props.get(k);
  };

  const protocol = (take('security.protocol') ?? 'PLAINTEXT').toUpperCase();
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw wrongProperty(
      opts.source,
      `unsupported security.protocol=${get('security.protocol')} in ${opts.source}`,
      'Use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.',
    );
  }
  const useSsl = protocol === 'SSL' || protocol === 'SASL_SSL';
  const useSasl = protocol.startsWith('SASL_');

  // --- TLS
  const tls: ConnectionOptions = {};
  let tlsCustomised = false;
  const sslKeys = [...props.keys()].filter((k) => k.startsWith('ssl.'));
  if (!useSsl) {
    const meaningful = sslKeys.filter((k) => !HARMLESS.has(k));
    if (meaningful.length > 0) {
      throw wrongProperty(
        opts.source,
        `${meaningful[0]} is set in ${opts.source} but security.protocol is ${protocol}`,
        'Add security.protocol=SSL (or SASL_SSL), or remove the ssl.* properties.',
      );
    }
  } else {
    const trustType = (take('ssl.truststore.type') ?? 'JKS').toUpperCase();
    const trustLocation = take('ssl.truststore.location');
    const trustInline = take('ssl.truststore.certificates');
    if (trustLocation || trustInline) {
      if (trustType !== 'PEM') {
        throw wrongProperty(
          opts.source,
          `ssl.truststore.type=${trustType} is not supported (in ${opts.source})`,
          storeConversionHint('truststore', trustType, trustLocation ?? 'truststore.jks'),
        );
      }
      tls.ca = [trustInline ?? readPemFile(trustLocation!, 'ssl.truststore.location', opts.source)];
      tlsCustomised = true;
    }
    const keyType = (take('ssl.keystore.type') ?? 'JKS').toUpperCase();
    const keyLocation = take('ssl.keystore.location');
    const keyInline = take('ssl.keystore.key');
    const chainInline = take('ssl.keystore.certificate.chain');
    const keyPassword = take('ssl.key.password') ?? take('ssl.keystore.password');
    if (keyLocation || keyInline) {
      if (keyType !== 'PEM') {
        throw wrongProperty(
          opts.source,
          `ssl.keystore.type=${keyType} is not supported (in ${opts.source})`,
          storeConversionHint('keystore', keyType, keyLocation ?? 'keystore.jks'),
        );
      }
      if (keyInline) {
        if (!chainInline)
          throw wrongProperty(
            opts.source,
            `ssl.keystore.key needs ssl.keystore.certificate.chain (in ${opts.source})`,
            'Give the client certificate chain in PEM as ssl.keystore.certificate.chain.',
          );
        tls.key = keyInline;
        tls.cert = chainInline;
      } else {
        // a PEM keystore file holds the private key and the certificate chain together
        const pem = readPemFile(keyLocation!, 'ssl.keystore.location', opts.source);
        tls.key = pem;
        tls.cert = pem;
      }
      if (keyPassword) {
        registerSecret(keyPassword);
        tls.passphrase = keyPassword;
      }
      tlsCustomised = true;
    }
    const endpoint = take('ssl.endpoint.identification.algorithm');
    if (endpoint !== undefined && endpoint !== '' && endpoint.toLowerCase() !== 'https') {
      throw wrongProperty(
        opts.source,
        `unsupported ssl.endpoint.identification.algorithm=${endpoint} in ${opts.source}`,
        "Use 'https' (default) or an empty value to skip host name verification.",
      );
    }
    if (endpoint === '') {
      tls.checkServerIdentity = () => undefined;
      tlsCustomised = true;
    }
    config.tls = tlsCustomised ? tls : {};
  }

  // --- SASL
  const mechanismName = (take('sasl.mechanism') ?? 'GSSAPI').toUpperCase();
  const jaas = take('sasl.jaas.config');
  if (useSasl) {
    const mechanism = MECHANISMS[mechanismName];
    if (!mechanism) {
      throw wrongProperty(
        opts.source,
        `sasl.mechanism=${mechanismName} is not supported by kafka-lab (in ${opts.source})`,
        'Use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (set sasl.mechanism explicitly: Kafka defaults to GSSAPI).',
      );
    }
    if (!jaas)
      throw wrongProperty(
        opts.source,
        `security.protocol=${protocol} needs sasl.jaas.config (in ${opts.source})`,
        'Example: sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="secret";',
      );
    let parsed: ReturnType<typeof parseJaasConfig>;
    try {
      parsed = parseJaasConfig(jaas);
    } catch {
      throw wrongProperty(opts.source, `cannot parse sasl.jaas.config in ${opts.source}`, 'Expected: <LoginModule> required username="..." password="...";');
    }
    const { username, password } = parsed.options;
    if (username === undefined || password === undefined) {
      throw wrongProperty(
        opts.source,
        `sasl.jaas.config in ${opts.source} has no username/password`,
        'Example: ... required username="alice" password="secret";',
      );
    }
    registerSecret(password);
    config.sasl = { mechanism, username, password };
  } else if (jaas || props.has('sasl.mechanism')) {
    throw wrongProperty(
      opts.source,
      `sasl.* is set in ${opts.source} but security.protocol is ${protocol}`,
      'Add security.protocol=SASL_PLAINTEXT (or SASL_SSL), or remove the sasl.* properties.',
    );
  }

  // --- general
  const clientId = take('client.id');
  if (clientId) config.clientId = clientId;
  const num = (k: string): number | undefined => {
    const v = take(k);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw wrongProperty(opts.source, `${k}=${v} is not a valid number of milliseconds (in ${opts.source})`, `Give ${k} as a whole number, e.g. ${k}=30000`);
    return n;
  };
  const requestTimeout = num('request.timeout.ms');
  if (requestTimeout !== undefined) config.requestTimeoutMs = requestTimeout;
  const connectTimeout = num('socket.connection.setup.timeout.ms');
  if (connectTimeout !== undefined) config.connectTimeoutMs = connectTimeout;
  const backoff = num('retry.backoff.ms');
  if (backoff !== undefined) config.retryBackoffMs = Math.max(1, backoff);
  const retries = num('retries');
  if (retries !== undefined) config.retries = retries;
  let bootstrapServers: string[] | undefined;
  const bs = take('bootstrap.servers');
  if (bs)
    bootstrapServers = bs
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);

  for (const [k, v] of props) {
    if (consumed.has(k) || HARMLESS.has(k)) continue;
    if (opts.allow?.(k)) {
      passthrough.set(k, v);
      continue;
    }
    throw wrongProperty(opts.source, `unsupported client property '${k}' in ${opts.source}`, supportedHint());
  }
  return { config, passthrough, bootstrapServers };
}

export function supportedHint(): string {
  return 'Supported: security.protocol, sasl.mechanism (PLAIN, SCRAM-SHA-256/512), sasl.jaas.config, ssl.truststore.* and ssl.keystore.* in PEM, ssl.key.password, ssl.endpoint.identification.algorithm, client.id, request.timeout.ms, retries, retry.backoff.ms, bootstrap.servers.';
}
