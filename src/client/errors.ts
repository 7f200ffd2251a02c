/**
 * The client's errors and their one-line translation. Inside src/client a failure is either a
 * BrokerError (the broker answered with an error code, named as Kafka names it) or a
 * KafkaClientError (we could not talk to the broker: connection, TLS, login, timeout, version).
 * Commands call translateKafkaError in their catch to get one KafkaLabError with a hint;
 * KafkaLabErrors pass unchanged.
 */
import { AuthenticationError, protocolErrors, protocolErrorsCodesById, TimeoutError } from '@platformatic/kafka';
import { type ErrorKind, KafkaLabError, isKafkaLabError } from '../errors.js';
import { hints } from '../hints.js';

export interface ErrorContext {
  /** brokers we were talking to, for connection messages */
  brokers?: string[];
  timeoutMs?: number;
  /** the topic (or group, resource) the operation was about */
  topic?: string;
  group?: string;
  /** what we were doing, e.g. "create topic orders" */
  action?: string;
  /** who we are logged in as (User:alice), for hints about ACLs */
  principal?: string;
}

/** The principal a connection logs in as (SASL), for ACL hints; undefined without SASL. */
export function principalOf(settings: { sasl?: { username?: string } }): string | undefined {
  return settings.sasl?.username ? `User:${settings.sasl.username}` : undefined;
}

/** The name Kafka gives an error code (Errors.java), e.g. 6 -> NOT_LEADER_OR_FOLLOWER. */
export function errorName(code: number): string {
  return protocolErrorsCodesById[code] ?? `UNKNOWN_ERROR_CODE_${code}`;
}

/**
 * How Kafka's Java tools print an error code: the exception class and its default message,
 * e.g. "org.apache.kafka.common.errors.OffsetOutOfRangeException: The requested offset is not
 * within the range of offsets maintained by the server."
 */
export function javaErrorText(code: number): string {
  const type = errorName(code);
  const camel = type
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  const cls = camel.endsWith('AuthorizationFailed') ? camel.replace(/Failed$/, 'Exception') : `${camel}Exception`;
  const message = protocolErrors[type]?.message ?? type;
  return `org.apache.kafka.common.errors.${cls}: ${message}`;
}

/** An error code the broker answered with, for one resource (topic, partition, group ...). */
export class BrokerError extends Error {
  readonly type: string;
  readonly retriable: boolean;
  constructor(
    readonly code: number,
    /** the broker's own text, when it sent one */
    readonly brokerMessage: string | null,
    readonly resource: string,
    cause?: unknown,
  ) {
    const type = errorName(code);
    super(brokerMessage || protocolErrors[type]?.message || type, cause === undefined ? undefined : { cause });
    this.name = 'BrokerError';
    this.type = type;
    this.retriable = protocolErrors[type]?.canRetry ?? false;
  }
}

export type ClientErrorKind = 'connection' | 'tls' | 'authentication' | 'timeout' | 'unsupported' | 'no-such-broker' | 'closed';

/** We could not talk to a broker (as opposed to the broker answering with an error). */
export class KafkaClientError extends Error {
  constructor(
    readonly kind: ClientErrorKind,
    message: string,
    /** notSent: the request never left (no connection could be made), so it cannot have been applied */
    readonly detail: { address?: string; nodeId?: number; apiKey?: number; cause?: unknown; notSent?: boolean; zookeeper?: boolean } = {},
  ) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
    this.name = 'KafkaClientError';
  }
}

function causeChain(err: unknown): Error[] {
  const out: Error[] = [];
  let e = err as Error | undefined;
  for (let i = 0; i < 8 && e; i++) {
    out.push(e);
    e = (e as { cause?: Error }).cause;
  }
  return out;
}

/** Turns what the library or the socket threw while connecting or waiting into a KafkaClientError. */
export function connectionFailure(err: unknown, address?: string): KafkaClientError {
  if (err instanceof KafkaClientError) return err;
  const chain = causeChain(err);
  const text = maskSecrets(chain.map((e) => `${(e as { code?: string }).code ?? ''} ${e.message}`).join(' | '));
  const where = address ? { address } : {};
  const tls = tlsProblem(text);
  if (tls) return new KafkaClientError('tls', tls.message, { ...where, cause: err });
  if (chain.some((e) => e instanceof AuthenticationError) || /SASL_AUTHENTICATION_FAILED|Authentication failed|SASL authentication/i.test(text)) {
    const reason = /UNSUPPORTED_SASL_MECHANISM|suitable SASL mechanism/i.test(text)
      ? 'the broker does not accept this SASL mechanism'
      : 'wrong user name or password';
    return new KafkaClientError('authentication', reason, { ...where, cause: err });
  }
  if (chain.some((e) => e instanceof TimeoutError) || /ETIMEDOUT|timed out/i.test(text)) {
    return new KafkaClientError('timeout', /Request timed out/.test(text) ? 'request timed out' : 'connection timed out', { ...where, cause: err });
  }
  const code = chain.map((e) => (e as { code?: string }).code).find((c) => c && /^E[A-Z]+$/.test(c));
  const reason =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'host not found'
        : code === 'ECONNRESET' || code === 'EPIPE' || /Connection closed|socket hang up/i.test(text)
          ? 'the broker closed the connection'
          : chain[chain.length - 1]?.message || String(err);
  return new KafkaClientError('connection', reason, { ...where, cause: err });
}

/** Broker errors worth retrying (Kafka's RetriableException) and connection trouble. */
export function isRetriable(err: unknown): boolean {
  if (err instanceof BrokerError) return err.retriable;
  if (err instanceof KafkaClientError) return err.kind === 'connection' || err.kind === 'timeout' || err.kind === 'no-such-broker';
  return false;
}

/** Values (passwords) that must never appear in output; registered when client properties are read. */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 3) secrets.add(value);
}

/** Replaces every registered secret in a text by [hidden]. */
export function maskSecrets(text: string): string {
  let t = text;
  for (const s of secrets) t = t.split(s).join('[hidden]');
  return t;
}

/** TLS failures Node reports while connecting, as one line and a hint that says what to change. */
export function tlsProblem(msg: string): { message: string; hint: string } | undefined {
  const clean = msg.replace(/^Connection error: /, '').replace(/^\s*[A-Z_]*\s*/, '');
  if (/self[- ]signed certificate|unable to verify|unable to get (local )?issuer|UNABLE_TO_VERIFY|SELF_SIGNED|certificate signature failure/i.test(msg)) {
    return {
      message: `TLS: the broker's certificate is not trusted (${firstTlsReason(clean)})`,
      hint: 'Point ssl.truststore.location (type PEM) at the CA that signed the broker certificates; a lab has it in secrets/ca.pem.',
    };
  }
  if (/does not match certificate|ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match/i.test(msg)) {
    return {
      message: `TLS: host name mismatch (${firstTlsReason(clean)})`,
      hint: "Connect with a name the certificate lists (a lab's certificates are for 127.0.0.1), or set ssl.endpoint.identification.algorithm= (empty) to skip the check in a lab.",
    };
  }
  if (/certificate has expired|CERT_HAS_EXPIRED|certificate is not yet valid/i.test(msg)) {
    return {
      message: `TLS: the broker's certificate is expired or not yet valid`,
      hint: 'Renew the certificate (a lab: cluster-scaffold --force regenerates them) or check the clock.',
    };
  }
  if (/before secure TLS connection was established|wrong version number|EPROTO|packet length too long|TLS handshake failed/i.test(msg)) {
    return {
      message: 'TLS handshake failed: the listener does not speak TLS',
      hint: 'Use security.protocol=PLAINTEXT or SASL_PLAINTEXT for this listener, or connect to its SSL port.',
    };
  }
  return undefined;
}

function firstTlsReason(text: string): string {
  const m = /(self[- ]signed certificate[^|]*|unable to [^|]*|Hostname\/IP does not match[^|]*|certificate[^|]*)/i.exec(text);
  return (m?.[1] ?? text).trim();
}

export function translateKafkaError(err: unknown, context: ErrorContext = {}): KafkaLabError {
  if (isKafkaLabError(err)) return err;
  const where = context.brokers?.length ? ` at ${context.brokers.join(',')}` : '';
  const mk = (message: string, hint: string, kind: ErrorKind = 'broker') => new KafkaLabError(maskSecrets(message), { hint, kind, cause: err });
  if (err instanceof KafkaClientError || !(err instanceof BrokerError)) {
    const e = err instanceof KafkaClientError ? err : connectionFailure(err);
    switch (e.kind) {
      case 'tls': {
        const tls = tlsProblem(e.message)!;
        return mk(`cannot connect to Kafka${where}: ${e.message}`, tls?.hint ?? 'Check the ssl.* settings of your --command-config file.', 'connection');
      }
      case 'authentication':
        return mk(
          `authentication failed${where}: ${e.message}`,
          e.message.includes('mechanism')
            ? 'Set sasl.mechanism to one the listener enables (sasl.enabled.mechanisms on the broker).'
            : 'Check sasl.mechanism and the username/password in sasl.jaas.config of your --command-config file.',
          'authentication',
        );
      case 'timeout':
        return e.message === 'request timed out'
          ? mk(
              `request to Kafka${where} timed out${context.timeoutMs ? ` after ${context.timeoutMs} ms` : ''}`,
              'The broker is slow or overloaded; raise --timeout or check the broker log.',
              'timeout',
            )
          : mk(`cannot connect to Kafka${where}: connection timed out`, hints.brokerUnreachable, 'connection');
      case 'unsupported':
        return mk(`${e.message}`, hints.brokerRelease, 'unsupported');
      case 'no-such-broker':
        return mk(`${e.message}`, 'kafka-lab cluster info lists the brokers.', 'not-found');
      case 'closed':
        return mk('the connection to Kafka was closed', 'Run the command again.', 'connection');
      default:
        if (e.detail.zookeeper) {
          return mk(
            `cannot connect to Kafka${where}: ${e.message}`,
            "Give --bootstrap-server a broker's listener (localhost:9092 in Kafka's quick start); Kafka's client tools stopped talking to ZooKeeper (--zookeeper was removed in Kafka 3.0).",
            'connection',
          );
        }
        if (e.message === 'the broker closed the connection') {
          return mk(
            `cannot connect to Kafka${where}: the broker closed the connection`,
            'The listener may need TLS or SASL (set security.protocol, sasl.* and ssl.* in --command-config; a lab has them in client.properties), or the broker is shutting down.',
            'connection',
          );
        }
        return mk(`cannot connect to Kafka${where}: ${e.message}`, hints.brokerUnreachable, 'connection');
    }
  }
  const e = err;
  const what = context.topic ? `topic '${context.topic}'` : context.group ? `group '${context.group}'` : 'the request';
  const brokerText = e.brokerMessage ? `: ${e.brokerMessage}` : '';
  switch (e.type) {
    case 'UNKNOWN_TOPIC_OR_PARTITION':
      return mk(
        `${context.topic ? `topic '${context.topic}'` : 'topic or partition'} does not exist${brokerText}`,
        'kafka-lab topics --list shows the topics (auto-creation is off in most labs).',
        'not-found',
      );
    case 'TOPIC_ALREADY_EXISTS':
      return mk(`Topic '${context.topic ?? e.resource ?? '?'}' already exists.`, hints.topicExists, 'already-exists');
    case 'INVALID_REPLICATION_FACTOR':
      return mk(
        e.brokerMessage ?? `invalid replication factor for ${what}`,
        'The replication factor cannot be larger than the number of live brokers (kafka-lab cluster status).',
      );
    case 'INVALID_PARTITIONS':
      return mk(e.brokerMessage ?? `invalid number of partitions for ${what}`, 'Partitions can only be increased, and must be at least 1.');
    case 'INVALID_TOPIC_EXCEPTION':
      return mk(
        e.brokerMessage ?? `invalid topic name${context.topic ? ` '${context.topic}'` : ''}`,
        "Topic names use [a-zA-Z0-9._-], at most 249 characters, and are not '.' or '..'.",
        'usage',
      );
    case 'INVALID_CONFIG':
      return mk(e.brokerMessage ?? `invalid config for ${what}`, 'kafka-lab configs --describe --all shows the valid names and current values.');
    case 'INVALID_REQUEST':
      return mk(e.brokerMessage ?? `the broker rejected ${what} as invalid`, 'Run with --verbose to see the request.');
    case 'POLICY_VIOLATION':
      return mk(
        `the broker's policy rejected ${what}${brokerText}`,
        'See the broker settings create.topic.policy.class.name / alter.config.policy.class.name.',
      );
    case 'TOPIC_AUTHORIZATION_FAILED':
    case 'CLUSTER_AUTHORIZATION_FAILED':
    case 'GROUP_AUTHORIZATION_FAILED':
    case 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED':
    case 'DELEGATION_TOKEN_AUTHORIZATION_FAILED':
      return authorizationError(e, context);
    case 'SECURITY_DISABLED':
      return mk(
        `the brokers run no authorizer, so they cannot ${context.action ?? 'manage ACLs'} (SECURITY_DISABLED)`,
        'Set authorizer.class.name on the brokers (a lab made with kafka-lab cluster-scaffold --security sasl-scram has one).',
        'unsupported',
      );
    case 'UNSUPPORTED_VERSION':
      return mk(
        `the broker does not support the request version kafka-lab sent (${e.message})`,
        'kafka-lab broker-api-versions shows what the broker supports.',
        'unsupported',
      );
    case 'NOT_CONTROLLER':
    case 'LEADER_NOT_AVAILABLE':
    case 'NOT_LEADER_OR_FOLLOWER':
    case 'COORDINATOR_NOT_AVAILABLE':
    case 'COORDINATOR_LOAD_IN_PROGRESS':
    case 'NOT_COORDINATOR':
      return mk(`the cluster is not ready: ${e.message}`, 'A broker may be starting or stopping; try again in a few seconds.');
    case 'OFFSET_OUT_OF_RANGE':
      return mk(
        `offset out of range${context.topic ? ` for topic '${context.topic}'` : ''} (OffsetOutOfRangeException)${brokerText}`,
        'Use an offset between the log start and end offsets (kafka-lab get-offsets --time -2 / -1).',
      );
    case 'GROUP_ID_NOT_FOUND':
      return mk(
        `${context.group ? `consumer group '${context.group}'` : 'consumer group'} does not exist`,
        'kafka-lab consumer-groups --list shows the groups.',
        'not-found',
      );
    case 'NON_EMPTY_GROUP':
      return mk(`${context.group ? `consumer group '${context.group}'` : 'consumer group'} is not empty`, 'Stop its consumers first.');
    case 'NOT_ENOUGH_REPLICAS':
    case 'NOT_ENOUGH_REPLICAS_AFTER_APPEND':
      return mk(
        `not enough in-sync replicas${context.topic ? ` for topic '${context.topic}'` : ''} (${e.type})`,
        'With acks=all the partition needs min.insync.replicas live replicas: start the stopped brokers (kafka-lab cluster status).',
      );
  }
  return mk(
    `${context.action ? `${context.action} failed: ` : ''}${e.message}${e.brokerMessage && e.brokerMessage !== e.message ? brokerText : ''}`,
    `Kafka error ${e.type}; run with --verbose for details.`,
  );
}

/**
 * Access denied by the broker's authorizer, said as what was refused and which ACL would allow
 * it (kafka-acls' convenience options name the usual sets).
 */
function authorizationError(e: BrokerError, context: ErrorContext): KafkaLabError {
  const who = context.principal ?? 'User:NAME';
  const topic = context.topic ?? (e.type === 'TOPIC_AUTHORIZATION_FAILED' && e.resource ? e.resource : undefined);
  const group = context.group ?? (e.type === 'GROUP_AUTHORIZATION_FAILED' && e.resource ? e.resource : undefined);
  const as = context.principal ? ` as ${context.principal}` : '';
  const mk = (message: string, hint: string) => new KafkaLabError(maskSecrets(message), { kind: 'authorization', hint, cause: e });
  const listHint = 'kafka-lab acls --list shows the ACLs.';
  switch (e.type) {
    case 'TOPIC_AUTHORIZATION_FAILED':
      return mk(
        `not authorized${as} to ${context.action === 'produce' ? 'write to' : 'access'} ${topic ? `topic '${topic}'` : 'the topic'} (TOPIC_AUTHORIZATION_FAILED)`,
        `An admin grants it: kafka-lab acls --add --allow-principal ${who} ${context.action === 'produce' ? '--producer' : '--consumer'} --topic ${topic ?? 'TOPIC'}${context.action === 'produce' ? '' : ` --group ${group ?? 'GROUP'}`}; ${listHint}`,
      );
    case 'GROUP_AUTHORIZATION_FAILED':
      return mk(
        `not authorized${as} to use ${group ? `consumer group '${group}'` : 'the consumer group'} (GROUP_AUTHORIZATION_FAILED)`,
        `An admin grants it: kafka-lab acls --add --allow-principal ${who} --consumer --topic ${topic ?? 'TOPIC'} --group ${group ?? 'GROUP'}; ${listHint}`,
      );
    case 'CLUSTER_AUTHORIZATION_FAILED':
      if (context.action === 'produce') {
        // InitProducerId of an idempotent producer: Write on some topic (or IdempotentWrite on the cluster) allows it
        return mk(
          `not authorized${as} to produce${topic ? ` to topic '${topic}'` : ''}: an idempotent producer needs Write on the topic or IdempotentWrite on the cluster (CLUSTER_AUTHORIZATION_FAILED)`,
          `An admin grants it: kafka-lab acls --add --allow-principal ${who} --producer --topic ${topic ?? 'TOPIC'}; ${listHint}`,
        );
      }
      return mk(
        `not authorized${as}${context.action ? ` to ${context.action}` : ''}: the cluster refused (CLUSTER_AUTHORIZATION_FAILED)`,
        `It needs an ACL on the cluster (kafka-lab acls --add --allow-principal ${who} --cluster --operation OP) or a super user (in a lab: --command-config admin.properties).`,
      );
    default:
      return mk(
        `not authorized${as}${context.action ? ` to ${context.action}` : ''}: ${e.message} (${e.type})`,
        `The principal needs an ACL for this operation (kafka-lab acls --add ...); ${listHint}`,
      );
  }
}
