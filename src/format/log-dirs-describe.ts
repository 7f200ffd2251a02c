/**
 * Kafka's kafka-log-dirs --describe output (LogDirsCommand): two lines, then one line of JSON
 * that Jackson writes from java.util.HashMaps, so keys, brokers, log dirs and partitions come
 * in HashMap iteration order; matching its bytes means matching that order.
 */
import type { LogDirInfo } from '../client/admin-cluster.js';
import { javaHashMapOrder, javaStringHash, topicPartitionHash } from '../util/java-hash.js';

type Json = null | boolean | number | string | Json[] | { entries: [string, Json][] };

function write(v: Json): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
  return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`).join(',')}}`;
}

/** A java.util.HashMap<String, Object> built with the default constructor, in iteration order. */
function hashMap(entries: [string, Json][]): Json {
  return { entries: javaHashMapOrder(entries, ([k]) => javaStringHash(k)) };
}

/** Java's HashSet(Collection) capacity: max(size / .75 + 1, 16). */
function hashSetCapacity(n: number): number {
  return Math.max(Math.floor(n / 0.75) + 1, 16);
}

/** The broker ids of a HashSet<Integer>, in its iteration order, comma-separated (Kafka's commaDelimitedStringFromIntegerSet). */
export function brokerSetText(ids: number[]): string {
  return javaHashMapOrder([...new Set(ids)], (id) => id, hashSetCapacity(new Set(ids).size)).join(',');
}

const ERROR_CLASSES: Record<number, string> = {
  56: 'org.apache.kafka.common.errors.KafkaStorageException',
  3: 'org.apache.kafka.common.errors.UnknownTopicOrPartitionException',
};

export interface BrokerLogDirs {
  broker: number;
  dirs: LogDirInfo[];
}

/** The JSON line: {"brokers":[{"broker":1,"logDirs":[{"partitions":[...],"error":null,"logDir":"..."}]}],"version":1}. */
export function logDirsDescribeJson(brokers: BrokerLogDirs[], topics: string[]): string {
  const wanted = new Set(topics);
  const brokerList = javaHashMapOrder(brokers, (b) => b.broker, brokers.length).map((b) =>
    hashMap([
      ['broker', b.broker],
      [
        'logDirs',
        javaHashMapOrder(b.dirs, (d) => javaStringHash(d.logDir), b.dirs.length).map((d) => {
          const parts = d.partitions.filter((p) => wanted.size === 0 || wanted.has(p.topic));
          return hashMap([
            ['logDir', d.logDir],
            ['error', d.errorCode !== 0 ? (ERROR_CLASSES[d.errorCode] ?? 'org.apache.kafka.common.errors.ApiException') : null],
            [
              'partitions',
              javaHashMapOrder(parts, (p) => topicPartitionHash(p.topic, p.partition)).map((p) =>
                hashMap([
                  ['partition', `${p.topic}-${p.partition}`],
                  ['size', Number(p.size)],
                  ['offsetLag', Number(p.offsetLag)],
                  ['isFuture', p.isFuture],
                ]),
              ),
            ],
          ]);
        }),
      ],
    ]),
  );
  return write(
    hashMap([
      ['version', 1],
      ['brokers', brokerList],
    ]),
  );
}

/** kafka-log-dirs --describe's whole stdout. */
export function logDirsDescribeText(brokers: BrokerLogDirs[], topics: string[]): string {
  return `Querying brokers for log directories information\nReceived log directory information from brokers ${brokerSetText(brokers.map((b) => b.broker))}\n${logDirsDescribeJson(brokers, topics)}\n`;
}

/** The same data for --output json / table (sizes as numbers, no HashMap order). */
export function logDirsDescribeView(brokers: BrokerLogDirs[], topics: string[]) {
  const wanted = new Set(topics);
  return {
    version: 1,
    brokers: [...brokers]
      .sort((a, b) => a.broker - b.broker)
      .map((b) => ({
        broker: b.broker,
        logDirs: b.dirs.map((d) => ({
          logDir: d.logDir,
          error: d.errorCode !== 0 ? (ERROR_CLASSES[d.errorCode] ?? `error code ${d.errorCode}`) : null,
          totalBytes: d.totalBytes >= 0n ? Number(d.totalBytes) : null,
          usableBytes: d.usableBytes >= 0n ? Number(d.usableBytes) : null,
          partitions: d.partitions
            .filter((p) => wanted.size === 0 || wanted.has(p.topic))
            .sort((x, y) => (x.topic === y.topic ? x.partition - y.partition : x.topic < y.topic ? -1 : 1))
            .map((p) => ({ partition: `${p.topic}-${p.partition}`, size: Number(p.size), offsetLag: Number(p.offsetLag), isFuture: p.isFuture })),
        })),
      })),
  };
}
