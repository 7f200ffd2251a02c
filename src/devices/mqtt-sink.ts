/**
 * Readings to an MQTT broker (mosquitto in the lab) with the `mqtt` client: one topic per device
 * (<prefix>/<deviceId>), JSON payloads, QoS 1 by default so that "delivered" means the broker
 * acknowledged it. At most `maxInFlight` publishes wait for their acknowledgement at a time.
 */
import type { MqttClient } from 'mqtt';
import { KafkaLabError } from '../errors.js';
import { type Reading, readingTopic } from './readings.js';
import type { ReadingSink } from './simulator.js';

export interface MqttSinkOptions {
  url: string;
  topicPrefix: string;
  qos: 0 | 1 | 2;
  connectTimeoutMs?: number;
  maxInFlight?: number;
}

/** A one-line reason for a failed MQTT connection. */
function connectFailure(url: string, err: unknown): KafkaLabError {
  const e = err as NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] };
  const code = e.code ?? e.errors?.[0]?.code;
  const why = code === 'ECONNREFUSED' ? 'connection refused' : code ? code : (e.message ?? String(err));
  return new KafkaLabError(`cannot connect to the MQTT broker at ${url}: ${why}`, {
    kind: 'connection',
    hint: 'Is it running? kafka-lab mqtt start starts mosquitto (kafka-lab mqtt status tells where it listens); or check --mqtt.',
  });
}

export async function openMqttSink(o: MqttSinkOptions): Promise<ReadingSink> {
  const { connectAsync } = await import('mqtt');
  let client: MqttClient;
  try {
    client = await connectAsync(o.url, {
      connectTimeout: o.connectTimeoutMs ?? 5000,
      // a simulator run is bounded: a lost broker is reported, not retried forever
      reconnectPeriod: 0,
      clientId: `kafka-lab-device-sim-${process.pid}-${Date.now().toString(36)}`,
    });
  } catch (err) {
    throw connectFailure(o.url, err);
  }
  const maxInFlight = o.maxInFlight ?? 500;
  let inFlight = 0;
  let delivered = 0;
  let failed = 0;
  let lastError: string | undefined;
  let waiters: (() => void)[] = [];
  const release = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  client.on('error', (err) => {
    lastError = err.message;
  });
  const sink: ReadingSink = {
    name: `${o.url} (${readingTopic(o.topicPrefix, '<device>')})`,
    get delivered() {
      return delivered;
    },
    get failed() {
      return failed;
    },
    get lastError() {
      return lastError;
    },
    publish(r: Reading) {
      inFlight++;
      client.publish(readingTopic(o.topicPrefix, r.deviceId), JSON.stringify(r), { qos: o.qos }, (err) => {
        inFlight--;
        if (err) {
          failed++;
          lastError = err.message;
        } else delivered++;
        if (inFlight < maxInFlight) release();
      });
      if (inFlight < maxInFlight) return undefined;
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    async close(timeoutMs: number) {
      const end = Date.now() + timeoutMs;
      while (inFlight > 0 && Date.now() < end && client.connected) await new Promise((r) => setTimeout(r, 20));
      failed += inFlight;
      inFlight = 0;
      release();
      await client.endAsync(true).catch(() => {});
    },
  };
  return sink;
}
