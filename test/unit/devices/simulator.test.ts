/** The device simulator's pure core (devices, drift, schedule) and its loop with stand-in sinks and a fake clock. */
import { describe, expect, it } from 'vitest';
import { deviceSimPlan } from '../../../src/commands/device-sim.js';
import { mqttPlan } from '../../../src/commands/mqtt.js';
import { mosquittoConf } from '../../../src/components/mqtt/server.js';
import { createDevices, deviceIds, drift, dueReadings, nextReading, type Reading, readingTopic, seededRng } from '../../../src/devices/readings.js';
import { liveLine, type ReadingSink, runSimulation, summaryLine } from '../../../src/devices/simulator.js';

describe('devices and readings', () => {
  it('the same seed gives the same devices and readings', () => {
    const run = (seed: number) => {
      const rng = seededRng(seed);
      const devices = createDevices(3, rng);
      return devices.map((d) => nextReading(d, 0, rng));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('ids are numbered and padded', () => {
    expect(deviceIds(3)).toEqual(['device-001', 'device-002', 'device-003']);
    expect(deviceIds(1200, 'pump').at(-1)).toBe('pump-1200');
    expect(deviceIds(1200, 'pump')[0]).toBe('pump-0001');
  });

  it('readings are plausible, numbered per device, and drift without running away', () => {
    const rng = seededRng(7);
    const [d] = createDevices(1, rng);
    const readings: Reading[] = [];
    for (let i = 0; i < 5000; i++) readings.push(nextReading(d!, 1_700_000_000_000 + i * 1000, rng));
    expect(readings.map((r) => r.seq).slice(0, 3)).toEqual([1, 2, 3]);
    expect(readings[0]!.ts).toBe('2023-11-14T22:13:20.000Z');
    for (const r of readings) {
      expect(r.temperature).toBeGreaterThan(5);
      expect(r.temperature).toBeLessThan(40);
      expect(r.humidity).toBeGreaterThanOrEqual(0);
      expect(r.humidity).toBeLessThanOrEqual(100);
      expect(r.pressure).toBeGreaterThan(980);
      expect(r.pressure).toBeLessThan(1040);
    }
    // it moves (drift), and the battery only goes down
    expect(new Set(readings.map((r) => r.temperature)).size).toBeGreaterThan(100);
    expect(readings.at(-1)!.battery).toBeLessThan(readings[0]!.battery);
    expect(Object.keys(readings[0]!)).toEqual(['deviceId', 'ts', 'seq', 'temperature', 'humidity', 'pressure', 'battery']);
  });

  it('drift pulls back towards the baseline', () => {
    const still = () => 0.5; // no noise
    expect(drift(30, 20, 1, 0.1, still)).toBe(29);
    expect(drift(10, 20, 1, 0.1, still)).toBe(11);
  });

  it('the schedule: readings due since the start, capped by count', () => {
    expect(dueReadings(0, 5, 2)).toBe(1);
    expect(dueReadings(999, 5, 2)).toBe(10);
    expect(dueReadings(1000, 5, 2)).toBe(11);
    expect(dueReadings(60_000, 5, 2, 100)).toBe(100);
    expect(dueReadings(10_000, 1, 0.1)).toBe(2);
  });

  it('MQTT topics per device', () => {
    expect(readingTopic('devices', 'device-001')).toBe('devices/device-001');
    expect(readingTopic('plant1/devices/', 'd-1')).toBe('plant1/devices/d-1');
  });
});

/** A sink that acknowledges at once, or after `delayMs`. */
function memorySink(delayMs = 0): ReadingSink & { got: Reading[] } {
  const got: Reading[] = [];
  let delivered = 0;
  return {
    name: 'memory',
    got,
    failed: 0,
    get delivered() {
      return delivered;
    },
    publish(r) {
      got.push(r);
      if (delayMs === 0) {
        delivered++;
        return undefined;
      }
      return new Promise<void>((res) =>
        setTimeout(() => {
          delivered++;
          res();
        }, delayMs),
      );
    },
    async close() {},
  };
}

describe('runSimulation', () => {
  it('stops at exactly --count, devices in turn', async () => {
    const sink = memorySink();
    const s = await runSimulation({ devices: 3, rate: 1000, count: 10, seed: 1, devicePrefix: 'device' }, [sink]);
    expect(s).toMatchObject({ generated: 10, delivered: 10, failed: 0, reason: 'count' });
    expect(sink.got.map((r) => r.deviceId)).toEqual([
      'device-001',
      'device-002',
      'device-003',
      'device-001',
      'device-002',
      'device-003',
      'device-001',
      'device-002',
      'device-003',
      'device-001',
    ]);
    expect(sink.got.filter((r) => r.deviceId === 'device-001').map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  });

  it('keeps the rate: 2 devices at 5/s for 1 s is 10 readings', async () => {
    const sink = memorySink();
    const t0 = Date.now();
    const s = await runSimulation({ devices: 2, rate: 5, durationS: 1, seed: 1, devicePrefix: 'd' }, [sink]);
    expect(s.reason).toBe('duration');
    expect(s.generated).toBe(10);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it('every sink gets every reading; delivered counts what all of them acknowledged', async () => {
    const a = memorySink();
    const b = memorySink(5);
    const s = await runSimulation({ devices: 2, rate: 500, count: 20, seed: 3, devicePrefix: 'd' }, [a, b]);
    expect(a.got).toEqual(b.got);
    expect(s.generated).toBe(20);
    expect(s.delivered).toBe(20);
  });

  it('an abort (Ctrl-C) ends the run at once, also while a sink waits', async () => {
    const sink = memorySink(10_000);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 200);
    const t0 = Date.now();
    const s = await runSimulation({ devices: 1, rate: 10, seed: 1, devicePrefix: 'd' }, [sink], { signal: abort.signal });
    expect(s.reason).toBe('interrupted');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('live line and summary', () => {
    const s = { generated: 120, delivered: 118, failed: 2, elapsedMs: 4000, reason: 'interrupted' as const };
    expect(liveLine(s, 5)).toBe('5 devices | sent 120, delivered 118, failed 2 | 29.5 readings/s | 4 s');
    expect(summaryLine(s, 1, ['mqtt://127.0.0.1:1883 (devices/<device>)'])).toBe(
      'device-sim: 1 device sent 120 readings in 4.0 s (29.5/s); delivered 118, failed 2; interrupted; to mqtt://127.0.0.1:1883 (devices/<device>)',
    );
  });
});

describe('device-sim plan', () => {
  it('MQTT by default; Kafka only with --kafka-topic; both when both are given', () => {
    expect(deviceSimPlan({}, 9)).toEqual({
      devices: 5,
      rate: 1,
      count: undefined,
      durationS: undefined,
      seed: 9,
      devicePrefix: 'device',
      mqtt: { url: undefined, topicPrefix: 'devices', qos: 1 },
      kafka: undefined,
      quiet: false,
    });
    const k = deviceSimPlan({ kafkaTopic: 'readings', bootstrapServer: 'h:9092' }, 1);
    expect(k.mqtt).toBeUndefined();
    expect(k.kafka).toMatchObject({ topic: 'readings', bootstrapServer: 'h:9092' });
    const both = deviceSimPlan({ kafkaTopic: 'readings', mqtt: 'mqtt://127.0.0.1:1884', topicPrefix: 'p' }, 1);
    expect(both.mqtt).toEqual({ url: 'mqtt://127.0.0.1:1884', topicPrefix: 'p', qos: 1 });
    expect(both.kafka?.topic).toBe('readings');
  });

  it('bad values are usage errors that say what would work', () => {
    const cases: [Parameters<typeof deviceSimPlan>[0], string][] = [
      [{ devices: 0 }, '--devices must be a whole number from 1 to 100000 (got 0)'],
      [{ rate: 0 }, '--rate must be a number of readings per second per device above 0 (got 0)'],
      [{ count: 2.5 }, '--count must be a whole number of readings above 0 (got 2.5)'],
      [{ duration: -1 }, '--duration must be a number of seconds above 0 (got -1)'],
      [{ qos: 3 }, '--qos must be 0, 1 or 2 (got 3)'],
      [{ mqtt: 'localhost:1883' }, "--mqtt must be a broker URL like mqtt://127.0.0.1:1883 (got 'localhost:1883')"],
      [{ topicPrefix: 'a/#' }, "--topic-prefix cannot be empty or hold MQTT wildcards (got 'a/#')"],
      [{ kafkaTopic: 't', qos: 0 }, '--topic-prefix and --qos are MQTT options'],
      [{ bootstrapServer: 'h:1' }, '--bootstrap-server needs --kafka-topic'],
    ];
    for (const [args, message] of cases) {
      let err: unknown;
      try {
        deviceSimPlan(args, 1);
      } catch (e) {
        err = e;
      }
      expect((err as Error | undefined)?.message, JSON.stringify(args)).toContain(message);
      expect((err as { exitCode: number }).exitCode).toBe(2);
    }
  });
});

describe('mosquitto', () => {
  it('config: one loopback listener, anonymous, nothing persisted', () => {
    const lines = mosquittoConf('127.0.0.1', 1884).split('\n');
    expect(lines).toContain('listener 1884 127.0.0.1');
    expect(lines).toContain('allow_anonymous true');
    expect(lines).toContain('persistence false');
    expect(lines.filter((l) => l.startsWith('listener'))).toHaveLength(1);
  });

  it('command plan', () => {
    expect(mqttPlan({ action: 'start', port: 1884 })).toEqual({ action: 'start', dir: undefined, port: 1884, timeoutMs: 30_000 });
    expect(mqttPlan({ action: 'status' })).toEqual({ action: 'status', output: 'text' });
    expect(() => mqttPlan({})).toThrow('mqtt needs an action: start, stop or status');
    expect(() => mqttPlan({ action: 'restart' })).toThrow("unknown action 'restart' for 'mqtt'");
    expect(() => mqttPlan({ action: 'start', port: -1 })).toThrow('--port must be a whole number from 1 to 65535 (got -1)');
  });
});
