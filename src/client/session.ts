/**
 * An admin session: the kafkajs admin plus our raw-request cluster over one set of
 * connection settings, connected within --timeout, with the API-version check done once.
 * Commands use this instead of kafkajs directly, so another client library could replace
 * kafkajs behind the same functions.
 */
import type { Admin, Kafka } from 'kafkajs';
import { KafkaLabError } from '../errors.js';
import { createKafka, withTimeout, type ConnectionArgs, type ResolvedConnection } from './connection.js';
import { translateKafkaError, type ErrorContext } from './errors.js';
import type { RawCluster } from './raw.js';

export interface AdminSession {
  kafka: Kafka;
  admin: Admin;
  cluster: RawCluster;
  conn: ResolvedConnection;
  /** runs one step within the command's timeout, translating kafkajs errors */
  run<T>(p: Promise<T>, context?: ErrorContext): Promise<T>;
  close(): Promise<void>;
}

/** Fails with a message naming the API and versions when the broker cannot serve what a command needs. */
export async function assertApiSupport(cluster: RawCluster, needs: string[]): Promise<void> {
  const { clientVersions, unsupportedApis, describeProblem } = await import('./api-versions.js');
  const { createRequire } = await import('node:module');
  const { requests } = createRequire(import.meta.url)('kafkajs/src/protocol/requests') as { requests: Record<string, { versions: string[] }> };
  const ours = clientVersions(requests);
  const ids = cluster.getNodeIds();
  const broker = ids.length > 0 ? await cluster.findBroker({ nodeId: ids[0]! }) : await cluster.findControllerBroker();
  const problems = unsupportedApis(broker.versions ?? {}, ours, needs);
  if (problems.length > 0) {
    throw new KafkaLabError(describeProblem(problems[0]!), {
      hint: 'Use a broker release that supports it (kafka-lab broker-api-versions lists what this one supports).',
      details: problems.slice(1).map(describeProblem),
    });
  }
}

/** Standalone check for producer/consumer commands: connects, checks, disconnects. */
export async function ensureApiSupport(kafka: Kafka, conn: ResolvedConnection, needs: string[]): Promise<void> {
  const { createRawCluster } = await import('./raw.js');
  const cluster = createRawCluster(kafka);
  try {
    await withTimeout(
      cluster.connect().then(() => cluster.refreshMetadata()),
      conn,
    );
    await withTimeout(assertApiSupport(cluster, needs), conn);
  } finally {
    await cluster.disconnect().catch(() => {});
  }
}

export async function openAdmin(args: ConnectionArgs | ResolvedConnection, needs: string[] = []): Promise<AdminSession> {
  const { kafka, conn } = await createKafka(args);
  const { createRawCluster } = await import('./raw.js');
  const admin = kafka.admin({ retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 } });
  const cluster = createRawCluster(kafka);
  const close = async () => {
    await Promise.allSettled([admin.disconnect(), cluster.disconnect()]);
  };
  const run = async <T>(p: Promise<T>, context: ErrorContext = {}): Promise<T> => {
    try {
      return await withTimeout(p, conn);
    } catch (err) {
      throw translateKafkaError((err as { cause?: unknown }).cause ?? err, { brokers: conn.brokers, timeoutMs: conn.timeoutMs, ...context });
    }
  };
  try {
    await withTimeout(Promise.all([admin.connect(), cluster.connect().then(() => cluster.refreshMetadata())]), conn);
    if (needs.length > 0) await withTimeout(assertApiSupport(cluster, needs), conn);
  } catch (err) {
    void close();
    throw err;
  }
  return { kafka, admin, cluster, conn, run, close };
}
