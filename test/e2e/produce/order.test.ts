/**
 * Issue 11, order with no failure: piped input keeps its order per partition (and per key),
 * whatever the input looks like (plain lines, keyed lines, a very large line between small
 * ones, JSON records), checked by an independent reader (Kafka's own ConsoleConsumer); and
 * keyed records land on the partitions Kafka's own ConsoleProducer picks for the same keys.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { createTopic, kafkaTool, offsetsOf, removeTopics } from '../../helpers/client.js';

const bootstrap = inject('bootstrap');
const uid = randomBytes(3).toString('hex');
const topic = (name: string) => `order-${name}-${uid}`;
const created: string[] = [];

async function make(name: string, partitions: number): Promise<string> {
  const t = topic(name);
  await createTopic(bootstrap, t, { partitions });
  created.push(t);
  return t;
}

afterAll(async () => {
  await removeTopics(bootstrap, created).catch(() => {});
});

/**
 * Kafka's ConsoleConsumer over the whole topic from the start (one JVM): partition -> lines in
 * log order (a consumer returns each partition's records in offset order).
 */
async function readPartitions(t: string, extra: string[] = []): Promise<Map<number, string[]>> {
  const ends = await offsetsOf(bootstrap, t);
  const total = [...ends.values()].reduce((n, e) => n + e.high, 0);
  const out = new Map<number, string[]>([...ends.keys()].map((p) => [p, []]));
  const r = await kafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
    '--bootstrap-server',
    bootstrap,
    '--topic',
    t,
    '--from-beginning',
    '--max-messages',
    String(total),
    '--property',
    'print.partition=true',
    ...extra,
  ]);
  for (const l of r.stdout.split('\n')) {
    if (l === '') continue;
    const tab = l.indexOf('\t');
    out.get(Number(l.slice('Partition:'.length, tab)))!.push(l.slice(tab + 1));
  }
  expect(
    [...out.values()].reduce((n, l) => n + l.length, 0),
    r.stderr.slice(-1000),
  ).toBe(total);
  return out;
}

const produce = (args: string[], input: string | Buffer) =>
  runCli(['console-producer', '--bootstrap-server', bootstrap, ...args], { input, timeoutMs: 120_000 });

describe('piped input keeps its order', () => {
  it('200,000 numbered lines into one partition come back in exactly the input order', async () => {
    const t = await make('plain', 1);
    const lines = Array.from({ length: 200_000 }, (_, i) => String(i + 1));
    const r = await produce(['--topic', t], `${lines.join('\n')}\n`);
    expect(r.exitCode, r.stderr).toBe(0);
    const back = (await readPartitions(t)).get(0)!;
    expect(back.length).toBe(lines.length);
    const firstDiff = back.findIndex((v, i) => v !== lines[i]);
    expect(firstDiff, `first line out of place: ${back[firstDiff]} at ${firstDiff + 1}`).toBe(-1);
  });

  it('keyed lines into 3 partitions keep the order of each key and of each partition', async () => {
    const t = await make('keyed', 3);
    const n = 60_000;
    const input = Array.from({ length: n }, (_, i) => `k${i % 10}\t${i + 1}`).join('\n');
    const r = await produce(['--topic', t, '--property', 'parse.key=true'], `${input}\n`);
    expect(r.exitCode, r.stderr).toBe(0);
    const parts = await readPartitions(t, ['--property', 'print.key=true']);
    let total = 0;
    const keyPartition = new Map<string, number>();
    for (const [p, lines] of parts) {
      const lastPerKey = new Map<string, number>();
      let lastInPartition = 0;
      for (const l of lines) {
        const [k, v] = l.split('\t');
        const value = Number(v);
        expect(value, `partition ${p} out of order at ${l}`).toBeGreaterThan(lastInPartition);
        expect(value, `key ${k} out of order at ${l}`).toBeGreaterThan(lastPerKey.get(k!) ?? 0);
        lastInPartition = value;
        lastPerKey.set(k!, value);
        expect(keyPartition.get(k!) ?? p, `key ${k} on two partitions`).toBe(p);
        keyPartition.set(k!, p);
        total++;
      }
    }
    expect(total).toBe(n);
  });

  it('a very large line between small ones keeps its place', async () => {
    const t = await make('big', 1);
    const big = 'x'.repeat(600_000);
    const lines = [...Array.from({ length: 3000 }, (_, i) => `a${i}`), big, ...Array.from({ length: 3000 }, (_, i) => `b${i}`)];
    const r = await produce(['--topic', t], `${lines.join('\n')}\n`);
    expect(r.exitCode, r.stderr).toBe(0);
    const back = (await readPartitions(t)).get(0)!;
    expect(back.length).toBe(lines.length);
    expect(back[3000]).toBe(big);
    expect(back.findIndex((v, i) => v !== lines[i])).toBe(-1);
  });

  it('--format json records keep their order', async () => {
    const t = await make('json', 1);
    const n = 50_000;
    const input = Array.from({ length: n }, (_, i) => JSON.stringify({ key: null, value: String(i + 1) })).join('\n');
    const r = await produce(['--topic', t, '--format', 'json'], `${input}\n`);
    expect(r.exitCode, r.stderr).toBe(0);
    const back = (await readPartitions(t)).get(0)!;
    expect(back.map(Number)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });
});

describe('keyed records', () => {
  let javaTopic: string;
  let ourTopic: string;
  const keys = Array.from({ length: 200 }, (_, i) => `key-${i}-${'ü'.repeat(i % 3)}`);

  beforeAll(async () => {
    javaTopic = await make('keys-java', 6);
    ourTopic = await make('keys-ours', 6);
  });

  it("land on the same partitions as with Kafka's own ConsoleProducer", async () => {
    const input = `${keys.map((k) => `${k}\tv`).join('\n')}\n`;
    const java = await kafkaTool('kafka.tools.ConsoleProducer', ['--bootstrap-server', bootstrap, '--topic', javaTopic, '--property', 'parse.key=true'], {
      input,
    });
    expect(java.exitCode, java.stderr).toBe(0);
    const ours = await produce(['--topic', ourTopic, '--property', 'parse.key=true'], input);
    expect(ours.exitCode, ours.stderr).toBe(0);
    const placement = async (t: string) => {
      const m = new Map<string, number>();
      for (const [p, lines] of await readPartitions(t, ['--property', 'print.key=true'])) for (const l of lines) m.set(l.split('\t')[0]!, p);
      return m;
    };
    const theirs = await placement(javaTopic);
    const mine = await placement(ourTopic);
    expect(theirs.size).toBe(keys.length);
    expect(Object.fromEntries(mine)).toEqual(Object.fromEntries(theirs));
    // the keys spread over the partitions (else the comparison proves little)
    expect(new Set(theirs.values()).size).toBe(6);
  });
});
