/**
 * The one place kafka-lab resolves where and how to reach Kafka: --bootstrap-server (or the lab
 * profile, $KAFKA_BOOTSTRAP_SERVERS, localhost:9092), --command-config and friends (Kafka
 * client property names), --timeout. `openClient()` gives the connected KafkaClient.
 */
import type { Argv } from 'yargs';
import { KafkaLabError, UsageError } from '../errors.js';
import { hints } from '../hints.js';
import type { ClientSettings } from './command-config.js';
import { KafkaClientError, translateKafkaError } from './errors.js';
import type { KafkaClient } from './kafka-client.js';
import { resolveBootstrap } from './profile.js';

export type { ErrorContext } from './errors.js';
export { translateKafkaError } from './errors.js';
export interface ConnectionArgs {
  bootstrapServer?: string;
  commandConfig?: string;
  /** overall bound for talking to the cluster, ms */
  timeout?: number;
  verbose?: boolean;
  /**
   * More client properties, applied over --command-config (e.g. --producer.config then
   * --producer-property), each with its source name for error messages.
   */
  extraProperties?: { source: string; properties: Map<string, string> }[];
  /** property names the calling command handles itself (producer/consumer settings) */
  allowProperty?: (key: string) => boolean;
}

/** The flags connectionOptions adds, as a command's parsed arguments carry them. */
export type ConnectionFlags = Pick<ConnectionArgs, 'bootstrapServer' | 'commandConfig' | 'timeout' | 'verbose'>;

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Adds --bootstrap-server, --command-config and --timeout to a command. */
export function connectionOptions<T>(y: Argv<T>) {
  return y
    .option('bootstrap-server', {
      type: 'string',
      describe: 'HOST:PORT[,HOST:PORT] of brokers (default: lab profile in this folder, $KAFKA_BOOTSTRAP_SERVERS, localhost:9092)',
    })
    .option('command-config', { type: 'string', describe: 'client properties file (Kafka property names: security.protocol, sasl.*, ssl.*, client.id ...)' })
    .option('timeout', {
      type: 'number',
      describe: 'give up on an unreachable cluster after this many ms',
      default: DEFAULT_TIMEOUT_MS,
      defaultDescription: '10000',
    });
}

export interface ResolvedConnection {
  brokers: string[];
  clientId: string;
  timeoutMs: number;
  verbose: boolean;
  /** client properties from --command-config / profile (Kafka names), already validated */
  properties: Map<string, string>;
  /** how to connect and log in, derived from those properties */
  settings: ClientSettings;
  /** allowed properties the client mapping did not consume, for the calling command */
  passthrough: Map<string, string>;
}

export async function resolveConnection(args: ConnectionArgs): Promise<ResolvedConnection> {
  const src = resolveBootstrap(args.bootstrapServer);
  const configFile = args.commandConfig ?? src.commandConfig;
  const properties = new Map<string, string>();
  const { mapClientProperties } = await import('./command-config.js');
  const sources: string[] = [];
  if (configFile) {
    const { readPropertiesFile } = await import('../config/properties.js');
    for (const [k, v] of readPropertiesFile(configFile, '--command-config file').toMap()) properties.set(k, v);
    sources.push(`--command-config file ${configFile}`);
  }
  for (const extra of args.extraProperties ?? []) {
    for (const [k, v] of extra.properties) properties.set(k, v);
    sources.push(extra.source);
  }
  const mapped = mapClientProperties(properties, { source: sources.join(' / ') || 'client properties', allow: args.allowProperty });
  // bootstrap.servers in a properties file counts only when no --bootstrap-server was typed
  const servers = src.source !== 'flag' && mapped.bootstrapServers?.length ? mapped.bootstrapServers : src.servers;
  for (const b of servers) {
    if (!/^[^:\s]+:\d+$/.test(b) && !/^\[[0-9a-fA-F:]+\]:\d+$/.test(b)) {
      throw new UsageError(`invalid bootstrap server '${b}'`, 'Use HOST:PORT, e.g. --bootstrap-server localhost:9092');
    }
  }
  const timeoutMs = args.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new UsageError(`--timeout must be a positive number of ms, got ${String(args.timeout)}`, 'Example: --timeout 5000');
  }
  return {
    brokers: servers,
    clientId: properties.get('client.id') ?? 'kafka-lab',
    timeoutMs,
    verbose: Boolean(args.verbose),
    properties,
    settings: mapped.config,
    passthrough: mapped.passthrough,
  };
}

/** Connects within --timeout (the first bootstrap server that answers) and reads the cluster's brokers. */
export async function openClient(args: ConnectionArgs | ResolvedConnection): Promise<KafkaClient> {
  const conn = 'brokers' in args ? args : await resolveConnection(args);
  const { KafkaClient } = await import('./kafka-client.js');
  const deadline = Date.now() + conn.timeoutMs;
  const attempt = (async () => {
    // request.timeout.ms can be shorter than the bound (the console producer's is 1500 ms): a broker
    // that accepts the connection but does not answer in time is asked again until the bound
    for (;;) {
      try {
        return await KafkaClient.open(conn);
      } catch (err) {
        if (!(err instanceof KafkaClientError && err.kind === 'timeout') || Date.now() >= deadline) throw err;
      }
    }
  })();
  try {
    return await withTimeout(attempt, conn);
  } catch (err) {
    // an attempt still under way at the bound must not keep the process alive
    void attempt.then(
      (c) => c.close(),
      () => undefined,
    );
    throw err;
  }
}

/** Races a promise against the command's timeout with a clear "cannot reach" error. */
export async function withTimeout<T>(p: Promise<T>, conn: ResolvedConnection, what = 'reach the cluster'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new KafkaLabError(`could not ${what} at ${conn.brokers.join(',')} within ${conn.timeoutMs} ms`, {
            kind: 'timeout',
            hint: hints.brokerUnreachable,
          }),
        ),
      conn.timeoutMs,
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } catch (err) {
    throw translateKafkaError(err, { brokers: conn.brokers, timeoutMs: conn.timeoutMs });
  } finally {
    clearTimeout(timer);
  }
}
