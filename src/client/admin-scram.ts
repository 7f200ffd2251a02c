/**
 * SCRAM credential requests (DescribeUserScramCredentials, AlterUserScramCredentials) on a
 * KafkaClient. As in Kafka's AdminClient the password never travels: the client salts it
 * (PBKDF2 with the mechanism's HMAC, SCRAM's Hi()) and sends the salt and the salted password.
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { alterUserScramCredentialsV0, describeUserScramCredentialsV0 } from '@platformatic/kafka';
import { BrokerError } from './errors.js';
import type { KafkaClient } from './kafka-client.js';

/** Kafka's ScramMechanism codes. */
export const SCRAM_MECHANISMS = { 'SCRAM-SHA-256': 1, 'SCRAM-SHA-512': 2 } as const;
export type ScramMechanismName = keyof typeof SCRAM_MECHANISMS;

export function scramMechanismName(code: number): string {
  return Object.entries(SCRAM_MECHANISMS).find(([, c]) => c === code)?.[0] ?? 'UNKNOWN';
}

export interface UserScramCredentials {
  user: string;
  errorCode: number;
  errorMessage: string | null;
  credentials: { mechanism: number; iterations: number }[];
}

/** Credentials of the given users (null: every user that has one), in the broker's order. */
export async function describeUserScramCredentials(c: KafkaClient, users: string[] | null): Promise<UserScramCredentials[]> {
  const r = await c.call('any', [describeUserScramCredentialsV0], [users === null ? (null as never) : users.map((name) => ({ name }))], { lenient: true });
  if (r.errorCode !== 0) throw new BrokerError(r.errorCode, r.errorMessage ?? null, 'SCRAM credentials');
  return r.results.map((x) => ({
    user: x.user,
    errorCode: x.errorCode,
    errorMessage: x.errorMessage ?? null,
    credentials: x.credentialInfos.map((i) => ({ mechanism: i.mechanism, iterations: i.iterations })),
  }));
}

export interface ScramUpsertion {
  user: string;
  mechanism: ScramMechanismName;
  iterations: number;
  password: string;
}

/** SCRAM's Hi(password, salt, i): PBKDF2 with the mechanism's HMAC, one hash long (RFC 5802). */
export function saltedPassword(mechanism: ScramMechanismName, password: string, salt: Buffer, iterations: number): Buffer {
  const hash = mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512';
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, hash === 'sha256' ? 32 : 64, hash);
}

/** Adds or replaces credentials and deletes others; throws the broker's first per-user error. */
export async function alterUserScramCredentials(
  c: KafkaClient,
  upsertions: ScramUpsertion[],
  deletions: { user: string; mechanism: ScramMechanismName }[],
): Promise<void> {
  // KIP-554: only the controller takes it (a ZooKeeper-mode broker that is not answers NOT_CONTROLLER; KRaft brokers forward)
  const r = await c.call(
    'controller',
    [alterUserScramCredentialsV0],
    [
      deletions.map((d) => ({ name: d.user, mechanism: SCRAM_MECHANISMS[d.mechanism] })),
      upsertions.map((u) => {
        const salt = randomBytes(32);
        return {
          name: u.user,
          mechanism: SCRAM_MECHANISMS[u.mechanism],
          iterations: u.iterations,
          salt,
          saltedPassword: saltedPassword(u.mechanism, u.password, salt, u.iterations),
        };
      }),
    ],
    { lenient: true },
  );
  const bad = r.results.find((x) => x.errorCode !== 0);
  if (bad) throw new BrokerError(bad.errorCode, bad.errorMessage ?? null, bad.user);
}
