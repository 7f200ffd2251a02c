import { describe, expect, inject, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';

describe('shared test broker', () => {
  it('answers metadata requests', async () => {
    const kafka = new Kafka({ brokers: [inject('bootstrap')], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.disconnect();
    expect(cluster.brokers).toHaveLength(1);
  });
});
