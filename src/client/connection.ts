/**
 * The one place kafka-lab creates a Kafka client. Commands get connection flags through
 * `connectionOptions()` and a client through `createKafka()`; kafkajs is imported lazily here,
 * never at start-up, and its logs are hidden unless --verbose.
 */
import type { Argv } from 'yargs';
import type { Kafka, KafkaConfig, logCreator } from 'kafkajs';
import { KafkaLabError } from '../errors.js';
import { resolveBootstrap } from './profile.js';
import { maskSecrets, translateKafkaError } from './errors.js';

export { translateKafkaError } from './errors.js';
export type { ErrorContext } from './errors.js';

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
  /** kafkajs options derived from those properties */
  kafkaConfig: Partial<KafkaConfig>;
  /** allowed properties the client mapping did not consume, for the calling command */
  passthrough: Map<string, string>;
}

/** Builds a logCreator that drops everything unless verbose (kafkajs retries are noisy). */
function makeLogCreator(verbose: boolean): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      if (!verbose) return;
      const { message, ...extra } = log as { message: string } & Record<string, unknown>;
      // kafkajs logs request details: never let a password through
      process.stderr.write(`${maskSecrets(`[kafkajs ${namespace}] level=${level} ${message} ${JSON.stringify(extra)}`)}\n`);
    };
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
      throw new KafkaLabError(`invalid bootstrap server '${b}'`, { hint: 'Use HOST:PORT, e.g. --bootstrap-server localhost:9092', exitCode: 2 });
    }
  }
  const timeoutMs = args.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new KafkaLabError(`--timeout must be a positive number of ms, got ${String(args.timeout)}`, { hint: 'Example: --timeout 5000', exitCode: 2 });
  }
  return {
    brokers: servers,
    clientId: properties.get('client.id') ?? 'kafka-lab',
    timeoutMs,
    verbose: Boolean(args.verbose),
    properties,
    kafkaConfig: mapped.config,
    passthrough: mapped.passthrough,
  };
}

/** kafkajs settings derived from Kafka client properties (validated in resolveConnection). */
export function kafkaConfigFromProperties(conn: ResolvedConnection): Partial<KafkaConfig> {
  return conn.kafkaConfig;
}

export interface CreateKafkaOptions {
  /**
   * Kafka API names the command will use (e.g. ['Produce', 'Metadata']): checked against
   * the broker's ApiVersions before returning, failing with a message naming the API and
   * both version ranges. Costs one extra connection; omit for probes that must stay cheap.
   */
  requiredApis?: string[];
}

export async function createKafka(
  args: ConnectionArgs | ResolvedConnection,
  options: CreateKafkaOptions = {},
): Promise<{ kafka: Kafka; conn: ResolvedConnection }> {
  const conn = 'brokers' in args ? args : await resolveConnection(args);
  // our replacements for some kafkajs internals must be in place before kafkajs first loads
  (await import('./kafkajs-patches.js')).installKafkajsPatches();
  const { Kafka, logLevel } = await import('kafkajs');
  const { registerCodecs } = await import('./codecs.js');
  await registerCodecs();
  const connectionTimeout = Math.min(3000, conn.timeoutMs);
  const { retry, ...fromProperties } = kafkaConfigFromProperties(conn);
  const kafka = new Kafka({
    clientId: conn.clientId,
    brokers: conn.brokers,
    connectionTimeout,
    requestTimeout: Math.max(conn.timeoutMs, 1000),
    // a few quick retries, bounded by the command's own timeout
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000, ...retry },
    logLevel: conn.verbose ? logLevel.DEBUG : logLevel.NOTHING,
    logCreator: makeLogCreator(conn.verbose),
    ...fromProperties,
  });
  if (options.requiredApis?.length) {
    const { ensureApiSupport } = await import('./session.js');
    await ensureApiSupport(kafka, conn, options.requiredApis);
  }
  return { kafka, conn };
}

/** Races a promise against the command's timeout with a clear "cannot reach" error. */
export async function withTimeout<T>(p: Promise<T>, conn: ResolvedConnection, what = 'reach the cluster'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new KafkaLabError(`could not ${what} at ${conn.brokers.join(',')} within ${conn.timeoutMs} ms`, {
            hint: 'Is the broker running? Check --bootstrap-server (kafka-lab cluster status shows a lab), or raise --timeout.',
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
