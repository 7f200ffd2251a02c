/**
 * The lab's MQTT broker: mosquitto (Debian's package) with a loopback listener and anonymous
 * clients, in its own folder, tracked by pid file; ready when it accepts an MQTT connection.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KafkaLabError } from '../../errors.js';
import { hints } from '../../hints.js';
import { kafkaLabHome } from '../../paths.js';
import { checkPort } from '../../util/ports.js';
import { launchServer, type ServerRecord, type StopResult, stopServer } from '../../engine/index.js';
import { type ListedComponent, listComponents } from '../records.js';
import { currentEnv } from '../../output/io.js';

export const DEFAULT_MQTT_PORT = 1883;
const INSTALL_HINT = 'Install it with: apt-get install mosquitto (kafka-lab looks on PATH and in /usr/sbin, or $KAFKA_LAB_MOSQUITTO)';

export interface MqttOptions {
  /** mosquitto's folder (config, log); default $KAFKA_LAB_HOME/mosquitto */
  dir?: string;
  port?: number;
  host?: string;
  readyTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  onProgress?: (text: string) => void;
}

export interface MqttStartResult {
  record: ServerRecord;
  dir: string;
  /** mqtt://host:port */
  url: string;
  started: boolean;
}

/** mosquitto.conf for a lab: one loopback listener, anonymous clients, nothing kept on disk. */
export function mosquittoConf(host: string, port: number): string {
  return [
    '# mosquitto for a kafka-lab data-lake lab: written by kafka-lab at each `mqtt start`.',
    `listener ${port} ${host}`,
    'allow_anonymous true',
    '# readings are a stream: nothing to keep across restarts',
    'persistence false',
    'log_dest stdout',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    'connection_messages true',
    'log_timestamp_format %Y-%m-%dT%H:%M:%S',
    '',
  ].join('\n');
}

export function defaultMqttDir(env: NodeJS.ProcessEnv = currentEnv()): string {
  return join(kafkaLabHome(env), 'mosquitto');
}

export function findMosquitto(env: NodeJS.ProcessEnv = currentEnv()): string | undefined {
  if (env.KAFKA_LAB_MOSQUITTO) return existsSync(env.KAFKA_LAB_MOSQUITTO) ? env.KAFKA_LAB_MOSQUITTO : undefined;
  for (const d of ['/usr/sbin', ...(env.PATH ?? '').split(':').filter(Boolean)]) {
    const p = join(d, 'mosquitto');
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** True when an MQTT client can connect (CONNACK) at url. */
export async function mqttAnswers(url: string, timeoutMs = 2000): Promise<boolean> {
  const { connectAsync } = await import('mqtt');
  try {
    const client = await connectAsync(url, { connectTimeout: timeoutMs, reconnectPeriod: 0, clientId: `kafka-lab-probe-${process.pid}-${Date.now()}` });
    await client.endAsync();
    return true;
  } catch {
    return false;
  }
}

export async function startMqtt(o: MqttOptions = {}): Promise<MqttStartResult> {
  const env = o.env ?? currentEnv();
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? DEFAULT_MQTT_PORT;
  const dir = resolve(o.dir ?? defaultMqttDir(env));
  const url = `mqtt://${host}:${port}`;
  const same = (await listComponents(['mosquitto'], env)).find((c) => c.alive && c.dir === dir);
  if (same) {
    if (same.address === `${host}:${port}`) return { record: same, dir, url, started: false };
    throw new KafkaLabError(`mosquitto of ${dir} is already running on ${same.address} (pid ${same.pid})`, {
      kind: 'process',
      hint: 'Stop it first (kafka-lab mqtt stop), or give this one another --dir.',
    });
  }
  if ((await checkPort(host, port)) !== 'free')
    throw new KafkaLabError(`mosquitto port ${port} is already in use`, { kind: 'process', hint: hints.portInUse(port) });
  const bin = findMosquitto(env);
  if (!bin) throw new KafkaLabError('mosquitto is not installed', { kind: 'not-found', hint: INSTALL_HINT });
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'mosquitto.conf');
  writeFileSync(configFile, mosquittoConf(host, port));
  o.onProgress?.(`starting mosquitto on ${host}:${port}`);
  const record = await launchServer({
    command: bin,
    args: ['-c', configFile],
    env,
    daemon: true,
    record: {
      role: 'mosquitto',
      pid: 0,
      address: `${host}:${port}`,
      configFile,
      logFile: join(dir, 'mosquitto.log'),
      engine: 'mosquitto',
      startedAt: new Date().toISOString(),
      match: [configFile],
    },
    probe: () => mqttAnswers(url),
    readyTimeoutMs: o.readyTimeoutMs ?? 30_000,
    onProgress: o.onProgress,
    spawnError: (err) => new KafkaLabError(`cannot start ${bin}: ${err.code ?? err.message}`, { kind: 'process', hint: INSTALL_HINT }),
  });
  return { record, dir, url, started: true };
}

export function runningMqtt(env: NodeJS.ProcessEnv = currentEnv()): Promise<ListedComponent[]> {
  return listComponents(['mosquitto'], env);
}

/** Stops mosquitto (of one folder, on one port, or every one kafka-lab started). */
export async function stopMqtt(o: { dir?: string; port?: number; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<StopResult[]> {
  const env = o.env ?? currentEnv();
  const chosen = (await runningMqtt(env)).filter(
    (c) => c.alive && (o.dir === undefined || c.dir === resolve(o.dir)) && (o.port === undefined || c.address.endsWith(`:${o.port}`)),
  );
  return Promise.all(chosen.map((c) => stopServer(c, { timeoutMs: o.timeoutMs, env })));
}
