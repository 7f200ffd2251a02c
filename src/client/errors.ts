/**
 * Turns whatever kafkajs (or a raw request of ours) throws into one KafkaLabError line with
 * a hint. Commands call translateKafkaError in their catch; KafkaLabErrors pass unchanged.
 */
import { KafkaLabError, isKafkaLabError } from '../errors.js';

export interface ErrorContext {
  /** brokers we were talking to, for connection messages */
  brokers?: string[];
  timeoutMs?: number;
  /** the topic (or group, resource) the operation was about */
  topic?: string;
  group?: string;
  /** what we were doing, e.g. "create topic orders" */
  action?: string;
}

interface KafkaJsLikeError {
  name?: string;
  message?: string;
  type?: string;
  code?: number | string;
  cause?: unknown;
  originalError?: unknown;
  errors?: unknown[];
  topic?: string;
  apiName?: string;
  apiKey?: number;
  broker?: string;
  /** set by our raw requests: the broker's own error text */
  brokerMessage?: string;
}

/** Walks kafkajs' retry/aggregate wrappers down to the error that says what happened. */
export function rootCause(err: unknown): KafkaJsLikeError {
  let e = err as KafkaJsLikeError;
  for (let i = 0; i < 10 && e; i++) {
    if (e.name === 'KafkaJSAggregateError' && Array.isArray(e.errors) && e.errors.length > 0) {
      e = e.errors[0] as KafkaJsLikeError;
      continue;
    }
    if ((e.name === 'KafkaJSNumberOfRetriesExceeded' || e.name === 'KafkaJSNonRetriableError') && (e.cause || e.originalError)) {
      e = (e.cause ?? e.originalError) as KafkaJsLikeError;
      continue;
    }
    break;
  }
  return e ?? ({ message: String(err) } as KafkaJsLikeError);
}

const CONNECT_HINT = 'Is the broker running? Check --bootstrap-server (kafka-lab cluster status shows a lab), or raise --timeout.';

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
  if (/self[- ]signed certificate|unable to verify|unable to get (local )?issuer|UNABLE_TO_VERIFY|SELF_SIGNED|certificate signature failure/i.test(msg)) {
    return {
      message: `TLS: the broker's certificate is not trusted (${msg.replace(/^Connection error: /, '')})`,
      hint: 'Point ssl.truststore.location (type PEM) at the CA that signed the broker certificates; a lab has it in secrets/ca.pem.',
    };
  }
  if (/does not match certificate|ERR_TLS_CERT_ALTNAME_INVALID/i.test(msg)) {
    return {
      message: `TLS: host name mismatch (${msg.replace(/^Connection error: /, '')})`,
      hint: "Connect with a name the certificate lists (a lab's certificates are for 127.0.0.1), or set ssl.endpoint.identification.algorithm= (empty) to skip the check in a lab.",
    };
  }
  if (/certificate has expired|CERT_HAS_EXPIRED|certificate is not yet valid/i.test(msg)) {
    return {
      message: `TLS: the broker's certificate is expired or not yet valid`,
      hint: 'Renew the certificate (a lab: cluster-scaffold --force regenerates them) or check the clock.',
    };
  }
  if (/before secure TLS connection was established|wrong version number|EPROTO|packet length too long/i.test(msg)) {
    return {
      message: 'TLS handshake failed: the listener does not speak TLS',
      hint: 'Use security.protocol=PLAINTEXT or SASL_PLAINTEXT for this listener, or connect to its SSL port.',
    };
  }
  return undefined;
}

export function translateKafkaError(err: unknown, context: ErrorContext = {}): KafkaLabError {
  if (isKafkaLabError(err)) return err;
  const e = rootCause(err);
  const where = context.brokers?.length ? ` at ${context.brokers.join(',')}` : '';
  const what = context.topic ? `topic '${context.topic}'` : context.group ? `group '${context.group}'` : 'the request';
  const brokerText = e.brokerMessage ? `: ${e.brokerMessage}` : '';
  const mk = (message: string, hint: string, exitCode = 1) => new KafkaLabError(message, { hint, exitCode, cause: err });

  const msg = maskSecrets(e.message ?? String(err));
  const tls = tlsProblem(msg);
  if (tls) return mk(`cannot connect to Kafka${where}: ${tls.message}`, tls.hint);
  if ((e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSConnectionClosedError') && /Closed connection|ECONNRESET|socket hang up/i.test(msg)) {
    return mk(
      `cannot connect to Kafka${where}: the broker closed the connection`,
      'The listener may need TLS or SASL (set security.protocol, sasl.* and ssl.* in --command-config; a lab has them in client.properties), or the broker is shutting down.',
    );
  }
  if (
    e.name === 'KafkaJSConnectionError' ||
    e.name === 'KafkaJSConnectionClosedError' ||
    e.name === 'KafkaJSBrokerNotFound' ||
    e.name === 'KafkaJSNoBrokerAvailableError' ||
    /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|Connection timeout/.test(msg)
  ) {
    const reason = /ECONNREFUSED/.test(msg)
      ? 'connection refused'
      : /ENOTFOUND|EAI_AGAIN/.test(msg)
        ? 'host not found'
        : /timeout|ETIMEDOUT/i.test(msg)
          ? 'connection timed out'
          : msg.replace(/^Connection error: /, '');
    return mk(`cannot connect to Kafka${where}: ${reason}`, CONNECT_HINT);
  }
  if (e.name === 'KafkaJSSASLAuthenticationError' || e.type === 'SASL_AUTHENTICATION_FAILED' || /SASL .*authentication failed/i.test(msg)) {
    return mk(
      `authentication failed${where}: ${msg.replace(/^SASL .*? authentication failed: /i, '')}`,
      'Check sasl.mechanism and the username/password in sasl.jaas.config of your --command-config file.',
    );
  }
  if (e.type === 'UNSUPPORTED_SASL_MECHANISM' || e.type === 'ILLEGAL_SASL_STATE') {
    return mk(
      `authentication failed${where}: the broker does not accept this SASL mechanism`,
      'Set sasl.mechanism to one the listener enables (sasl.enabled.mechanisms on the broker).',
    );
  }
  if (e.name === 'KafkaJSServerDoesNotSupportApiKey') {
    return mk(
      `the broker does not support the ${e.apiName ?? `API ${e.apiKey}`} API that kafka-lab needs`,
      'Use a newer broker (kafka-lab broker-api-versions lists what it supports).',
    );
  }
  if (e.name === 'KafkaJSRequestTimeoutError' || e.name === 'KafkaJSTimeout' || e.name === 'KafkaJSLockTimeout' || e.type === 'REQUEST_TIMED_OUT') {
    return mk(
      `request to Kafka${where} timed out${context.timeoutMs ? ` after ${context.timeoutMs} ms` : ''}`,
      'The broker is slow or overloaded; raise --timeout or check the broker log.',
    );
  }
  switch (e.type) {
    case 'UNKNOWN_TOPIC_OR_PARTITION':
      return mk(
        `${context.topic ? `topic '${context.topic}'` : 'topic or partition'} does not exist${brokerText}`,
        'kafka-lab topics --list shows the topics (auto-creation is off in most labs).',
      );
    case 'TOPIC_ALREADY_EXISTS':
      return mk(`Topic '${e.topic ?? context.topic ?? '?'}' already exists.`, 'Use --if-not-exists to ignore this, or choose another name.');
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
        2,
      );
    case 'INVALID_CONFIG':
      return mk(e.brokerMessage ?? `invalid config for ${what}`, 'kafka-lab configs --describe --all shows the valid names and current values.', 2);
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
      return mk(`not authorized: ${msg}`, 'The principal of your --command-config needs an ACL for this operation (kafka-acls).');
    case 'UNSUPPORTED_VERSION':
      return mk(`the broker does not support the request version kafka-lab sent (${msg})`, 'kafka-lab broker-api-versions shows what the broker supports.');
    case 'NOT_CONTROLLER':
    case 'LEADER_NOT_AVAILABLE':
    case 'NOT_LEADER_FOR_PARTITION':
    case 'COORDINATOR_NOT_AVAILABLE':
    case 'COORDINATOR_LOAD_IN_PROGRESS':
      return mk(`the cluster is not ready: ${msg}`, 'A broker may be starting or stopping; try again in a few seconds.');
    case 'OFFSET_OUT_OF_RANGE':
      return mk(
        `offset out of range${context.topic ? ` for topic '${context.topic}'` : ''}${brokerText}`,
        'Use an offset between the log start and end offsets (kafka-lab get-offsets --time -2 / -1).',
      );
    case 'GROUP_ID_NOT_FOUND':
      return mk(
        `${context.group ? `consumer group '${context.group}'` : 'consumer group'} does not exist`,
        'kafka-lab consumer-groups --list shows the groups.',
      );
    case 'NON_EMPTY_GROUP':
      return mk(`${context.group ? `consumer group '${context.group}'` : 'consumer group'} is not empty`, 'Stop its consumers first.');
    case 'POLICY_VIOLATION_EXCEPTION':
      break;
  }
  if (e.type) return mk(`${context.action ? `${context.action} failed: ` : ''}${msg}${brokerText}`, `Kafka error ${e.type}; run with --verbose for details.`);
  return mk(`${context.action ? `${context.action} failed: ` : ''}${msg}`, 'Run with --verbose for details.');
}
