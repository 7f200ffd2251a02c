import { describe, expect, it } from 'vitest';
import { producerRetry } from '../../../src/produce/kafka-sender.js';

describe('producerRetry: Kafka producer retry semantics on kafkajs', () => {
  it('retries for delivery.timeout.ms (120 s by default), backing off from retry.backoff.ms to 1 s', () => {
    expect(producerRetry(new Map())).toEqual({ retries: 120, initialRetryTime: 100, maxRetryTime: 1000 });
  });
  it('follows delivery.timeout.ms, retries and retry.backoff.ms', () => {
    expect(producerRetry(new Map([['delivery.timeout.ms', '30000']])).retries).toBe(30);
    expect(producerRetry(new Map([['retries', '0']])).retries).toBe(0);
    expect(producerRetry(new Map([['retry.backoff.ms', '250']])).initialRetryTime).toBe(250);
  });
  it('refuses a value that is not a number', () => {
    expect(() => producerRetry(new Map([['retries', 'lots']]))).toThrow(/invalid retries 'lots'/);
  });
});
