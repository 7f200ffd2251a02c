/**
 * mosquitto and the device simulator on real processes: N readings published are N readings a
 * subscriber receives (exactly), readings straight into a Kafka topic (the shared broker), and
 * Ctrl-C ends a run with exit 130 and a summary.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN, runCli } from '../../helpers/cli.js';
import { processAlive } from '../../helpers/expect-error.js';
import { freePort } from '../../helpers/kafka.js';

const bootstrap = inject('bootstrap');
const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-mqtt-'));
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run') };
const cli = (args: string[]) => runCli(args, { env, timeoutMs: 90_000 });
let url = '';
let pid = 0;

beforeAll(async () => {
  const port = await freePort();
  const start = await cli(['mqtt', 'start', '--dir', join(tmp, 'mosquitto'), '--port', String(port)]);
  expect(start.exitCode, start.stderr).toBe(0);
  pid = Number(/pid (\d+)/.exec(start.stdout)?.[1]);
  url = `mqtt://127.0.0.1:${port}`;
  expect(start.stdout).toContain(`mosquitto started: pid ${pid}, ${url}`);
});

afterAll(async () => {
  await cli(['mqtt', 'stop']).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

async function subscriber(topic: string): Promise<{ client: MqttClient; messages: { topic: string; payload: string }[] }> {
  const client = await connectAsync(url, { reconnectPeriod: 0 });
  const messages: { topic: string; payload: string }[] = [];
  client.on('message', (t, p) => messages.push({ topic: t, payload: p.toString('utf8') }));
  await client.subscribeAsync(topic, { qos: 1 });
  return { client, messages };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

describe('device-sim to mosquitto', () => {
  it('N readings published are exactly N received, each device numbering its own', async () => {
    const sub = await subscriber('plant1/#');
    try {
      const r = await cli(['device-sim', '--devices', '4', '--rate', '50', '--count', '200', '--mqtt', url, '--topic-prefix', 'plant1', '--seed', '7']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^device-sim: 4 devices sent 200 readings in \d+\.\d s \(\d+\.\d\/s\); delivered 200, failed 0; count reached; to mqtt:/m);
      await waitFor(() => sub.messages.length >= 200, 10_000);
      await new Promise((res) => setTimeout(res, 300)); // anything extra would show up now
      expect(sub.messages).toHaveLength(200);
      const readings = sub.messages.map((m) => ({ topic: m.topic, ...(JSON.parse(m.payload) as { deviceId: string; seq: number; temperature: number }) }));
      expect(new Set(readings.map((x) => x.deviceId))).toEqual(new Set(['device-001', 'device-002', 'device-003', 'device-004']));
      for (const x of readings) expect(x.topic).toBe(`plant1/${x.deviceId}`);
      const seqs = readings.filter((x) => x.deviceId === 'device-002').map((x) => x.seq);
      expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    } finally {
      await sub.client.endAsync();
    }
  });

  it('Ctrl-C ends a run with exit 130 and a summary of what was sent', async () => {
    const sub = await subscriber('ctrlc/#');
    const child = spawn(process.execPath, [BIN, 'device-sim', '--devices', '2', '--rate', '10', '--mqtt', url, '--topic-prefix', 'ctrlc'], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    try {
      // interrupt a run that is under way: readings are arriving
      await waitFor(() => sub.messages.length >= 6, 20_000);
      expect(sub.messages.length, stderr).toBeGreaterThanOrEqual(6);
      const sentAt = Date.now();
      child.kill('SIGINT');
      const code = await closed;
      expect(code, stderr).toBe(130);
      expect(Date.now() - sentAt).toBeLessThan(6000);
      const m = /^device-sim: 2 devices sent (\d+) readings in .*; delivered (\d+), failed 0; interrupted;/m.exec(stdout);
      expect(m, stdout).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(6);
      expect(Number(m![2])).toBe(Number(m![1]));
      expect(stderr).toContain('interrupted');
      // every reading it counts as delivered reached the subscriber
      await waitFor(() => sub.messages.length >= Number(m![2]), 5000);
      expect(sub.messages).toHaveLength(Number(m![2]));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await sub.client.endAsync();
    }
  });
});

describe('device-sim straight into Kafka', () => {
  it('writes each reading to the topic, keyed by device id', async () => {
    const topic = `device-readings-${process.pid}`;
    const create = await cli(['topics', '--create', '--topic', topic, '--partitions', '2', '--bootstrap-server', bootstrap]);
    expect(create.exitCode, create.stderr).toBe(0);
    try {
      const r = await cli(['device-sim', '--devices', '5', '--rate', '100', '--count', '60', '--kafka-topic', topic, '--bootstrap-server', bootstrap]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('sent 60 readings');
      expect(r.stdout).toContain(`to kafka topic ${topic} at ${bootstrap}`);
      const offsets = await cli(['get-offsets', '--topic', topic, '--bootstrap-server', bootstrap]);
      const total = offsets.stdout
        .trim()
        .split('\n')
        .reduce((n, l) => n + Number(l.split(':')[2]), 0);
      expect(total).toBe(60);
      const consumed = await cli([
        'console-consumer',
        '--topic',
        topic,
        '--from-beginning',
        '--max-messages',
        '60',
        '--property',
        'print.key=true',
        '--property',
        'key.separator=|',
        '--bootstrap-server',
        bootstrap,
      ]);
      const lines = consumed.stdout.trim().split('\n');
      expect(lines).toHaveLength(60);
      for (const l of lines) {
        const [key, value] = [l.slice(0, l.indexOf('|')), l.slice(l.indexOf('|') + 1)];
        expect((JSON.parse(value) as { deviceId: string }).deviceId).toBe(key);
      }
    } finally {
      await cli(['topics', '--delete', '--topic', topic, '--bootstrap-server', bootstrap]);
    }
  });
});

describe('mqtt stop', () => {
  it('stops mosquitto by pid', async () => {
    const r = await cli(['mqtt', 'stop']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`(pid ${pid}) stopped`);
    expect(processAlive(pid)).toBe(false);
  });
});
