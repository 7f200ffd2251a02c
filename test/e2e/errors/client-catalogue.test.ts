/**
 * Bad inputs answered by kafka-lab's Kafka client (docs/errors.md, rows K01-K06): one test per
 * row against the shared broker (and its ZooKeeper), each checking the exact message, hint,
 * exit code and that no stack trace is printed.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { createTopic, produce, removeTopics } from '../../helpers/client.js';
import { expectError } from '../../helpers/expect-error.js';

const bootstrap = inject('bootstrap');
const zookeeper = inject('zookeeper');
const uid = randomBytes(3).toString('hex');
const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-client-errors-'));
const topics: string[] = [];

afterAll(async () => {
  await removeTopics(bootstrap, topics).catch(() => {});
  rmSync(tmp, { recursive: true, force: true });
});

describe('client catalogue', () => {
  it("K01 ZooKeeper's port given as --bootstrap-server", async () => {
    const r = await runCli(['topics', '--list', '--bootstrap-server', zookeeper]);
    expectError(
      r,
      1,
      `cannot connect to Kafka at ${zookeeper}: ZooKeeper answers at ${zookeeper}, not a Kafka broker`,
      "Give --bootstrap-server a broker's listener (localhost:9092 in Kafka's quick start); Kafka's client tools stopped talking to ZooKeeper (--zookeeper was removed in Kafka 3.0).",
    );
  });

  it("K02 delete-records past the end of the log: Kafka's line, exit 1 and a hint", async () => {
    const t = `k02-${uid}`;
    topics.push(t);
    await createTopic(bootstrap, t);
    await produce(bootstrap, t, [{ value: 'a' }, { value: 'b' }]);
    const r = await runCli(['delete-records', '--bootstrap-server', bootstrap, '--topic', t, '--partition', '0', '--before-offset', '100000']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(
      `partition: ${t}-0\terror: org.apache.kafka.common.errors.OffsetOutOfRangeException: The requested offset is not within the range of offsets maintained by the server.`,
    );
    expect(r.stderr).toContain(
      "hint: records can be deleted only below the end of the log: kafka-lab get-offsets --time -1 shows each partition's end offset.",
    );
  });

  it('K03 console-producer to a missing topic on a broker that does not create topics', async () => {
    const t = `k03-missing-${uid}`;
    const r = await runCli(['console-producer', '--bootstrap-server', bootstrap, '--topic', t], { input: 'hello\n' });
    expectError(
      r,
      1,
      `topic '${t}' does not exist`,
      `The broker does not create topics on first use (auto.create.topics.enable=false); create it first: kafka-lab topics --create --topic ${t} --bootstrap-server ${bootstrap}`,
    );
  });

  it('K04 enable.idempotence=true with acks=1 (refused like Kafka, before connecting)', async () => {
    const r = await runCli(
      [
        'console-producer',
        '--bootstrap-server',
        '127.0.0.1:1',
        '--topic',
        't',
        '--request-required-acks',
        '1',
        '--producer-property',
        'enable.idempotence=true',
      ],
      {
        input: 'x\n',
      },
    );
    expectError(
      r,
      2,
      'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
      'Use --request-required-acks all, or drop enable.idempotence=true.',
    );
  });

  it('K05 an unknown assignment strategy for a group consumer', async () => {
    const r = await runCli([
      'console-consumer',
      '--bootstrap-server',
      '127.0.0.1:1',
      '--topic',
      't',
      '--group',
      'g',
      '--consumer-property',
      'partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor',
    ]);
    expectError(
      r,
      2,
      'partition.assignment.strategy org.apache.kafka.clients.consumer.CooperativeStickyAssignor is not supported',
      'kafka-lab speaks range and roundrobin (RangeAssignor, RoundRobinAssignor).',
    );
  });

  it('K06 a property file with an unsupported SASL mechanism', async () => {
    const file = join(tmp, 'oauth.properties');
    writeFileSync(file, 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=OAUTHBEARER\nsasl.jaas.config=x required;\n');
    const r = await runCli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', file]);
    expectError(
      r,
      1,
      /^Error while executing topic command : sasl\.mechanism=OAUTHBEARER is not supported by kafka-lab \(in --command-config file /,
      /^hint: Use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512/,
    );
  });
});
