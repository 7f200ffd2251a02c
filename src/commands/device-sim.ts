import { DEFAULT_MQTT_PORT, runningMqtt } from '../components/mqtt/server.js';
import { openKafkaReadingSink } from '../devices/kafka-sink.js';
import { openMqttSink } from '../devices/mqtt-sink.js';
import { liveLine, runSimulation, summaryLine, type ReadingSink } from '../devices/simulator.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { colourErr, info, out, writeErr } from '../output/output.js';
import { defineCommand } from './types.js';
import { onStopSignals } from '../util/signals.js';

export interface DeviceSimArgs {
  devices?: number;
  rate?: number;
  count?: number;
  duration?: number;
  mqtt?: string;
  topicPrefix?: string;
  qos?: number;
  kafkaTopic?: string;
  bootstrapServer?: string;
  commandConfig?: string;
  seed?: number;
  devicePrefix?: string;
  quiet?: boolean;
  timeout?: number;
}

export interface DeviceSimPlan {
  devices: number;
  rate: number;
  count?: number;
  durationS?: number;
  seed: number;
  devicePrefix: string;
  /** undefined: no MQTT; '' : the running mosquitto, else mqtt://127.0.0.1:1883 */
  mqtt?: { url?: string; topicPrefix: string; qos: 0 | 1 | 2 };
  kafka?: { topic: string; bootstrapServer?: string; commandConfig?: string; timeoutMs?: number };
  quiet: boolean;
}

/** The device-sim command line as a plan (pure). */
export function deviceSimPlan(a: DeviceSimArgs, defaultSeed: number): DeviceSimPlan {
  const devices = a.devices ?? 5;
  if (!Number.isInteger(devices) || devices < 1 || devices > 100_000)
    throw new UsageError(`--devices must be a whole number from 1 to 100000 (got ${devices})`, 'Example: --devices 10');
  const rate = a.rate ?? 1;
  if (!(rate > 0) || rate > 100_000)
    throw new UsageError(
      `--rate must be a number of readings per second per device above 0 (got ${rate})`,
      'Example: --rate 2 (each device sends 2 readings a second); --rate 0.1 (one every 10 s)',
    );
  if (a.count !== undefined && (!Number.isInteger(a.count) || a.count < 1))
    throw new UsageError(`--count must be a whole number of readings above 0 (got ${a.count})`, 'Example: --count 1000');
  if (a.duration !== undefined && !(a.duration > 0))
    throw new UsageError(`--duration must be a number of seconds above 0 (got ${a.duration})`, 'Example: --duration 60');
  const qos = a.qos ?? 1;
  if (qos !== 0 && qos !== 1 && qos !== 2)
    throw new UsageError(`--qos must be 0, 1 or 2 (got ${qos})`, 'QoS 1 (the default) means the broker acknowledged each reading.');
  if (a.mqtt !== undefined && !/^(mqtts?|wss?|tcp):\/\/[^\s/]+/.test(a.mqtt))
    throw new UsageError(`--mqtt must be a broker URL like mqtt://127.0.0.1:1883 (got '${a.mqtt}')`, 'Example: --mqtt mqtt://127.0.0.1:1883');
  const prefix = a.topicPrefix ?? 'devices';
  if (/[#+]/.test(prefix) || prefix.length === 0)
    throw new UsageError(`--topic-prefix cannot be empty or hold MQTT wildcards (got '${prefix}')`, 'Example: --topic-prefix plant1/devices');
  const useMqtt = a.mqtt !== undefined || a.kafkaTopic === undefined;
  if (!useMqtt && (a.topicPrefix !== undefined || a.qos !== undefined))
    throw new UsageError(
      '--topic-prefix and --qos are MQTT options: add --mqtt URL to publish to MQTT as well',
      'Example: --kafka-topic readings --mqtt mqtt://127.0.0.1:1883',
    );
  if (a.kafkaTopic === undefined && (a.bootstrapServer !== undefined || a.commandConfig !== undefined))
    throw new UsageError('--bootstrap-server needs --kafka-topic', 'Example: --kafka-topic device-readings --bootstrap-server localhost:9092');
  return {
    devices,
    rate,
    count: a.count,
    durationS: a.duration,
    seed: a.seed ?? defaultSeed,
    devicePrefix: a.devicePrefix ?? 'device',
    mqtt: useMqtt ? { url: a.mqtt, topicPrefix: prefix, qos } : undefined,
    kafka:
      a.kafkaTopic !== undefined
        ? { topic: a.kafkaTopic, bootstrapServer: a.bootstrapServer, commandConfig: a.commandConfig, timeoutMs: a.timeout }
        : undefined,
    quiet: Boolean(a.quiet),
  };
}

export default defineCommand({
  command: 'device-sim',
  describe: 'Simulated IoT devices publishing JSON readings (temperature, humidity, pressure, battery) to MQTT and/or straight to a Kafka topic',
  builder: (y) =>
    y
      .option('devices', { alias: 'n', type: 'number', describe: 'how many devices (default 5)' })
      .option('rate', { alias: 'r', type: 'number', describe: 'readings per second per device (default 1)' })
      .option('count', { alias: 'c', type: 'number', describe: 'stop after this many readings in total' })
      .option('duration', { alias: 'd', type: 'number', describe: 'stop after this many seconds' })
      .option('mqtt', { type: 'string', describe: 'MQTT broker URL (default: the mosquitto kafka-lab runs, else mqtt://127.0.0.1:1883)' })
      .option('topic-prefix', { type: 'string', describe: 'MQTT topics are <prefix>/<device id> (default devices)' })
      .option('qos', { type: 'number', describe: 'MQTT QoS: 0, 1 (default: acknowledged by the broker) or 2' })
      .option('kafka-topic', { type: 'string', describe: 'also (or, without --mqtt, only) write readings to this Kafka topic, keyed by device id' })
      .option('bootstrap-server', { type: 'string', describe: 'with --kafka-topic: brokers (default: lab profile, $KAFKA_BOOTSTRAP_SERVERS, localhost:9092)' })
      .option('command-config', { type: 'string', describe: 'with --kafka-topic: client properties file' })
      .option('timeout', { type: 'number', describe: 'with --kafka-topic: give up on an unreachable cluster after this many ms (default 10000)' })
      .option('seed', { type: 'number', describe: 'random seed: the same seed gives the same devices and readings' })
      .option('device-prefix', { type: 'string', describe: 'device ids are <prefix>-001 ... (default device)' })
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'no live line, only the summary' })
      .example('kafka-lab device-sim --devices 10 --rate 2', '10 devices, 2 readings a second each, to MQTT devices/<id> until Ctrl-C')
      .example('kafka-lab device-sim --devices 3 --count 300 --mqtt mqtt://127.0.0.1:1883 --topic-prefix plant1', 'exactly 300 readings')
      .example('kafka-lab device-sim --kafka-topic device-readings --duration 60', 'straight into Kafka for a minute'),
  handler: async (argv, io) => {
    const plan = deviceSimPlan(argv, Date.now() % 2 ** 31);
    const sinks: ReadingSink[] = [];
    const closeAll = () => Promise.all(sinks.map((s) => s.close(5000)));
    try {
      if (plan.mqtt) {
        let url = plan.mqtt.url;
        if (!url) {
          const running = (await runningMqtt()).filter((r) => r.alive);
          url = running.length === 1 ? `mqtt://${running[0]!.address}` : `mqtt://127.0.0.1:${DEFAULT_MQTT_PORT}`;
        }
        sinks.push(await openMqttSink({ url, topicPrefix: plan.mqtt.topicPrefix, qos: plan.mqtt.qos }));
      }
      if (plan.kafka) {
        sinks.push(await openKafkaReadingSink({ ...plan.kafka, verbose: argv.verbose }));
      }
    } catch (err) {
      await closeAll();
      throw err;
    }

    // Ctrl-C: stop generating, wait (bounded) for what is in flight, report, exit 130; twice: at once
    const abort = new AbortController();
    const onSignal = () => {
      if (abort.signal.aborted) process.exit(130);
      abort.abort();
    };
    const offSignals = onStopSignals(onSignal);
    const live = !plan.quiet && Boolean(io.stderr.isTTY);
    const c = colourErr();
    const stats = await runSimulation(plan, sinks, {
      signal: abort.signal,
      onTick: live ? (s) => writeErr(`\r\x1b[2K${c.dim(liveLine(s, plan.devices))}`) : undefined,
    });
    await closeAll();
    offSignals();
    if (live) writeErr('\r\x1b[2K');
    const final = { ...stats, delivered: Math.min(...sinks.map((s) => s.delivered)), failed: sinks.reduce((n, s) => n + s.failed, 0) };
    out(
      summaryLine(
        final,
        plan.devices,
        sinks.map((s) => s.name),
      ),
    );
    if (final.failed > 0) {
      const reasons = sinks.map((s) => s.lastError).filter(Boolean);
      throw new KafkaLabError(`${final.failed} of ${final.generated} readings could not be delivered`, {
        kind: stats.reason === 'interrupted' ? 'interrupted' : 'failed',
        hint: reasons.length > 0 ? `last error: ${reasons[0]}` : 'Check that the broker is still running.',
      });
    }
    if (stats.reason === 'interrupted') {
      info('interrupted');
      return 130;
    }
    return undefined;
  },
});
