/**
 * kafka-lab's MQTT source connector on a real worker: built from source by
 * `plugin install mqtt` (Maven), subscribed to a real mosquitto (a test fixture on a loopback
 * port), every MQTT message becomes one Kafka record (key = MQTT topic, value = payload bytes),
 * and the per-topic counters show up as the connector's offsets.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { freePort, stopChild, waitForPort } from '../../helpers/kafka.js';
import { eventually, pidAlive, pidFromStartLine, writeStandaloneWorker } from './helpers.js';

const bootstrap = inject('bootstrap');
const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-mqtt-'));
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run'), LOG_DIR: join(tmp, 'logs') };
const cli = (args: string[], timeoutMs = 180_000) => runCli(args, { env, timeoutMs });
const topic = `mqtt-readings-${process.pid}`;
const hasMosquitto = spawnSync('sh', ['-c', 'command -v mosquitto && command -v mosquitto_pub']).status === 0;
let mosquitto: ChildProcess | undefined;
let mqttPort = 0;
let pid = 0;
let url = '';

beforeAll(async () => {
  // .ci/run installs it; a missing fixture is a failure, not a skip
  if (!hasMosquitto) throw new Error('mosquitto and mosquitto_pub are needed: apt-get install -y mosquitto mosquitto-clients');
  mqttPort = await freePort();
  const conf = join(tmp, 'mosquitto.conf');
  writeFileSync(conf, `listener ${mqttPort} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  mosquitto = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
  await waitForPort(mqttPort, 10_000);
  const plugins = join(tmp, 'plugins');
  const inst = await cli(['plugin', 'install', 'mqtt', '--dir', plugins]);
  expect(inst.exitCode, inst.stderr).toBe(0);
  expect(inst.stdout).toMatch(/^plugin mqtt 0\.1\.0: 2 jars in /);
  expect((await cli(['topics', '--create', '--topic', topic, '--bootstrap-server', bootstrap])).exitCode).toBe(0);
  const worker = await writeStandaloneWorker(tmp, bootstrap, plugins);
  url = worker.url;
  writeFileSync(
    join(tmp, 'mqtt.properties'),
    [
      'name=mqtt-source',
      'connector.class=dev.kafkalab.connect.mqtt.MqttSourceConnector',
      `mqtt.server.uri=tcp://127.0.0.1:${mqttPort}`,
      'mqtt.topics=devices/+/reading',
      `kafka.topic=${topic}`,
      'mqtt.qos=1',
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      'value.converter=org.apache.kafka.connect.converters.ByteArrayConverter',
      '',
    ].join('\n'),
  );
  const r = await cli(['connect-standalone', '-daemon', worker.file, join(tmp, 'mqtt.properties'), '--heap', '384m']);
  expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
  pid = pidFromStartLine(r.stdout);
  expect(r.stdout).toContain('connector mqtt-source: RUNNING, tasks 0: RUNNING');
});

afterAll(async () => {
  await cli(['connect-stop', '--all']);
  if (pid && pidAlive(pid)) process.kill(pid, 'SIGKILL');
  if (mosquitto) await stopChild(mosquitto, 5000);
  rmSync(tmp, { recursive: true, force: true });
});

describe('MQTT source connector', () => {
  it('turns each MQTT message into one record keyed by its MQTT topic', async () => {
    const publish = (device: string, lines: string[]) => {
      const r = spawnSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(mqttPort), '-q', '1', '-t', `devices/${device}/reading`, '-l'], {
        input: `${lines.join('\n')}\n`,
        timeout: 10_000,
      });
      expect(r.status, String(r.stderr)).toBe(0);
    };
    publish(
      'd1',
      Array.from({ length: 10 }, (_, i) => `{"device":"d1","n":${i}}`),
    );
    publish(
      'd2',
      Array.from({ length: 5 }, (_, i) => `{"device":"d2","n":${i}}`),
    );
    // not matched by devices/+/reading: must not arrive
    spawnSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(mqttPort), '-q', '1', '-t', 'devices/d1/status', '-m', 'online'], { timeout: 10_000 });
    const r = await cli([
      'console-consumer',
      '--topic',
      topic,
      '--from-beginning',
      '--max-messages',
      '15',
      '--timeout-ms',
      '20000',
      '--property',
      'print.key=true',
      '--property',
      'key.separator=|',
      '--bootstrap-server',
      bootstrap,
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const got = r.stdout.split('\n').filter(Boolean);
    expect(got.filter((l) => l.startsWith('devices/d1/reading|'))).toEqual(Array.from({ length: 10 }, (_, i) => `devices/d1/reading|{"device":"d1","n":${i}}`));
    expect(got.filter((l) => l.startsWith('devices/d2/reading|'))).toEqual(Array.from({ length: 5 }, (_, i) => `devices/d2/reading|{"device":"d2","n":${i}}`));
    expect(got).toHaveLength(15);
  });

  it('stores a message counter per MQTT topic as its offset', async () => {
    // the worker flushes source offsets periodically: a flush may hold a count from before the last
    // messages, so the counters are awaited until they reach the messages sent (and never pass them)
    type Offsets = { offsets: { partition: { 'mqtt.topic': string }; offset: { count: number } }[] };
    const counts = async () => {
      const o = JSON.parse((await cli(['connect', 'offsets', 'get', 'mqtt-source', '--url', url, '--output', 'json'])).stdout) as Offsets;
      return Object.fromEntries(o.offsets.map((x) => [x.partition['mqtt.topic'], x.offset.count]));
    };
    const expected = { 'devices/d1/reading': 10, 'devices/d2/reading': 5 };
    let last: Record<string, number> = {};
    await eventually('the counters of both topics', async () => {
      last = await counts();
      const reached = Object.keys(last).length === 2 && Object.entries(expected).every(([t, n]) => last[t] === n);
      return reached ? last : undefined;
    }).catch(() => undefined);
    expect(last).toEqual(expected);
  });
});
