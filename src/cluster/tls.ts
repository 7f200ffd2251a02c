/**
 * A lab's TLS material, made with the openssl CLI at scaffold time: a local CA and one
 * certificate per broker (SAN IP:127.0.0.1, the address every lab listener uses), all PEM
 * so that both the JVM brokers (ssl.keystore.type=PEM) and kafka-lab's client read them directly.
 * Private keys are written 0600; broker keys are PKCS#8-encrypted because Kafka requires
 * ssl.key.password for a PEM keystore file.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaLabError } from '../errors.js';
import type { LabTlsFiles } from './scaffold.js';
import { currentEnv } from '../output/io.js';

const DAYS = '825';

function openssl(args: string[], cwd: string, env?: NodeJS.ProcessEnv): void {
  try {
    execFileSync('openssl', args, { cwd, env: env ?? currentEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') {
      throw new KafkaLabError('openssl was not found: it is needed to generate the TLS certificates of an ssl/sasl-ssl lab', {
        kind: 'process',
        hint: 'Install it (Debian/Ubuntu: sudo apt-get install openssl; macOS has it) or scaffold with --security sasl-scram.',
      });
    }
    const detail = (e.stderr?.toString('utf8') ?? '').split('\n').find((l) => l.trim()) ?? e.message;
    throw new KafkaLabError(`openssl ${args[0]} failed: ${detail}`, { kind: 'process', hint: 'Check that the openssl CLI works (openssl version).' });
  }
}

export function tlsFiles(secretsDir: string): LabTlsFiles {
  return { caCert: join(secretsDir, 'ca.pem'), brokerKeystore: (id) => join(secretsDir, `broker-${id}.pem`) };
}

/** A CA certificate and key in `dir` (ca.pem, ca.key); returns the paths. */
export function generateCa(dir: string, name = 'kafka-lab local CA'): { cert: string; key: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      DAYS,
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  chmodSync(join(dir, 'ca.key'), 0o600);
  return { cert: join(dir, 'ca.pem'), key: join(dir, 'ca.key') };
}

/**
 * Generates the CA and one keystore per broker in `secretsDir`: broker-N.pem holds the
 * encrypted key, the broker certificate and the CA certificate (the chain Kafka sends).
 */
export function generateLabTls(
  secretsDir: string,
  brokerIds: number[],
  keyPassword: string,
  hosts: { ips: string[]; dns: string[] } = { ips: ['127.0.0.1'], dns: [] },
): LabTlsFiles {
  generateCa(secretsDir);
  for (const id of brokerIds) issueBrokerKeystore(secretsDir, id, keyPassword, hosts);
  rmSync(join(secretsDir, 'ca.srl'), { force: true });
  return tlsFiles(secretsDir);
}

/**
 * Issues broker `id` a certificate signed by the lab's CA (ca.pem, ca.key in `secretsDir`) and
 * writes broker-N.pem: the encrypted key, the broker certificate and the CA certificate (the
 * chain Kafka sends). Used at scaffold time and when a broker is added to a lab.
 */
export function issueBrokerKeystore(
  secretsDir: string,
  id: number,
  keyPassword: string,
  hosts: { ips: string[]; dns: string[] } = { ips: ['127.0.0.1'], dns: [] },
): string {
  const caCert = join(secretsDir, 'ca.pem');
  const san = [...hosts.ips.map((ip) => `IP:${ip}`), ...hosts.dns.map((d) => `DNS:${d}`)].join(',');
  const base = `broker-${id}`;
  const ext = join(secretsDir, `${base}.ext`);
  writeFileSync(ext, `subjectAltName=${san}\nextendedKeyUsage=serverAuth,clientAuth\n`);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=kafka-lab broker ${id}`], secretsDir);
  openssl(
    ['x509', '-req', '-in', `${base}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${base}.crt`, '-days', DAYS, '-extfile', ext],
    secretsDir,
  );
  // PBE-SHA1-3DES: a PKCS#8 encryption every Java 11+ reads without extra providers;
  // the password goes through the environment, never on a command line (ps shows those)
  openssl(['pkcs8', '-topk8', '-v1', 'PBE-SHA1-3DES', '-in', `${base}.key`, '-out', `${base}.enc.key`, '-passout', 'env:KAFKA_LAB_KEY_PASSWORD'], secretsDir, {
    ...currentEnv(),
    KAFKA_LAB_KEY_PASSWORD: keyPassword,
  });
  const keystore = join(secretsDir, `${base}.pem`);
  writeFileSync(
    keystore,
    [readFileSync(join(secretsDir, `${base}.enc.key`), 'utf8'), readFileSync(join(secretsDir, `${base}.crt`), 'utf8'), readFileSync(caCert, 'utf8')].join(''),
    { mode: 0o600 },
  );
  chmodSync(keystore, 0o600);
  for (const f of ['.key', '.enc.key', '.csr', '.ext']) rmSync(join(secretsDir, base + f), { force: true });
  rmSync(join(secretsDir, 'ca.srl'), { force: true });
  return keystore;
}
