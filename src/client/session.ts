/**
 * An admin session: one connected KafkaClient, the resolved connection settings, and `run()`,
 * which bounds each step by the command's --timeout and turns any failure into one
 * KafkaLabError. Commands and src/admin use this instead of the client's internals.
 */
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import { openClient, withTimeout, type ConnectionArgs, type ResolvedConnection } from './connection.js';
import { principalOf, translateKafkaError, type ErrorContext } from './errors.js';
import type { KafkaClient } from './kafka-client.js';

export interface AdminSession {
  client: KafkaClient;
  conn: ResolvedConnection;
  /** runs one step within the command's timeout, translating client errors */
  run<T>(p: Promise<T>, context?: ErrorContext): Promise<T>;
  close(): Promise<void>;
}

/** Fails with a message naming the API and versions when the broker cannot serve what a command needs. */
export async function assertApiSupport(client: KafkaClient, needs: string[]): Promise<void> {
  const { CLIENT_VERSIONS, unsupportedApis, describeProblem } = await import('./api-versions.js');
  const broker = Object.fromEntries([...(await client.versions('any'))]);
  const problems = unsupportedApis(broker, CLIENT_VERSIONS, needs);
  if (problems.length > 0) {
    throw new KafkaLabError(describeProblem(problems[0]!), {
      kind: 'unsupported',
      hint: hints.brokerRelease,
      details: problems.slice(1).map(describeProblem),
    });
  }
}

export function sessionOf(client: KafkaClient): AdminSession {
  const conn = client.conn;
  const run = async <T>(p: Promise<T>, context: ErrorContext = {}): Promise<T> => {
    try {
      return await withTimeout(p, conn);
    } catch (err) {
      throw translateKafkaError(err instanceof KafkaLabError && err.cause ? err.cause : err, {
        brokers: conn.brokers,
        timeoutMs: conn.timeoutMs,
        principal: principalOf(conn.settings),
        ...context,
      });
    }
  };
  return { client, conn, run, close: () => client.close() };
}

export async function openAdmin(args: ConnectionArgs | ResolvedConnection, needs: string[] = []): Promise<AdminSession> {
  const client = await openClient(args);
  const session = sessionOf(client);
  try {
    if (needs.length > 0) await session.run(assertApiSupport(client, needs));
  } catch (err) {
    void client.close();
    throw err;
  }
  return session;
}
