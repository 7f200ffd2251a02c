/**
 * The client settings of the verifiable tools from Kafka's property names (--producer.config /
 * --consumer.config), with each tool's own defaults: the verifiable producer sends with
 * retries=0 (so, unless the file says otherwise, not idempotently), the consumer commits itself.
 */
import { UsageError } from '../errors.js';
import { parseAcks, PRODUCER_KEYS } from '../produce/console-producer-plan.js';
import type { ProducerOptions } from '../produce/producer.js';
import { isCompressionName } from '../protocol/compression.js';

export { PRODUCER_KEYS };

/** Consumer properties the verifiable consumer honours (connection properties are the client's). */
export const CONSUMER_KEYS = new Set([
  'group.id',
  'group.instance.id',
  'enable.auto.commit',
  'auto.offset.reset',
  'session.timeout.ms',
  'partition.assignment.strategy',
  'key.deserializer',
  'value.deserializer',
  'client.id',
  'group.protocol',
]);

function whole(props: Map<string, string>, key: string, fallback: number): number {
  const raw = props.get(key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${key} must be a whole number >= 0, got '${raw}'`, `Example: ${key}=${fallback}`);
  return n;
}

/** Producer options of kafka-verifiable-producer: --acks, then the config file over it (as Kafka's tool loads them). */
export function verifiableProducerSettings(acksFlag: number, props: Map<string, string>): Partial<ProducerOptions> {
  const acks = parseAcks(props.get('acks') ?? String(acksFlag));
  const retries = whole(props, 'retries', 0);
  const idempotence = props.get('enable.idempotence')?.toLowerCase();
  if (idempotence === 'true' && acks !== -1)
    throw new UsageError(
      'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
      'Remove enable.idempotence=true or use --acks -1.',
    );
  if (idempotence === 'true' && retries === 0)
    throw new UsageError(
      'Must set retries to non-zero when using the idempotent producer.',
      'Set retries in the --producer.config file, or remove enable.idempotence=true.',
    );
  const codec = (props.get('compression.type') ?? 'none').toLowerCase();
  if (!isCompressionName(codec)) throw new UsageError(`unknown compression.type '${codec}'`, 'Use one of none, gzip, snappy, lz4, zstd.');
  return {
    acks,
    retries,
    // retries=0 turns Kafka's default idempotence off unless it was asked for
    idempotent: idempotence === 'true',
    compression: codec,
    lingerMs: whole(props, 'linger.ms', 0),
    batchSize: whole(props, 'batch.size', 16384),
    maxInFlight: whole(props, 'max.in.flight.requests.per.connection', 5),
    deliveryTimeoutMs: whole(props, 'delivery.timeout.ms', 120_000),
    requestTimeoutMs: whole(props, 'request.timeout.ms', 30_000),
    maxBlockMs: whole(props, 'max.block.ms', 60_000),
    maxRequestSize: whole(props, 'max.request.size', 1048576),
    retryBackoffMs: Math.max(1, whole(props, 'retry.backoff.ms', 100)),
  };
}

/** Kafka's assignor class names (or kafka-lab's short names) as kafka-lab's assignors. */
export function assignorsOf(strategy: string): string[] {
  const map: Record<string, string> = {
    'org.apache.kafka.clients.consumer.RangeAssignor': 'range',
    'org.apache.kafka.clients.consumer.RoundRobinAssignor': 'roundrobin',
    range: 'range',
    roundrobin: 'roundrobin',
  };
  return strategy.split(',').map((s) => {
    const name = map[s.trim()];
    if (!name)
      throw new UsageError(
        `assignment strategy '${s.trim()}' is not supported by kafka-lab`,
        'Use org.apache.kafka.clients.consumer.RangeAssignor or RoundRobinAssignor.',
      );
    return name;
  });
}
