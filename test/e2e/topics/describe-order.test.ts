/**
 * The order of kafka-topics --describe, side by side with Java: the HashMap model
 * (src/format/topic-describe.ts) against a JDK running test/fixtures/java/HashMapOrder.java
 * on a few thousand random and colliding name sets, and against Kafka's own TopicCommand
 * (through the engine door) on topics with random names created on the shared broker.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resolveEngine } from '../../../src/engine/index.js';
import { javaHashMapOrder, topicCommandDescribeOrder } from '../../../src/format/topic-describe.js';
import { runCli } from '../../helpers/cli.js';

const B = inject('bootstrap');
const uid = Math.random().toString(36).slice(2, 8);
const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-';
const rnd = (n: number) => Math.floor(Math.random() * n);
const randomName = () => Array.from({ length: 1 + rnd(16) }, () => alphabet[rnd(alphabet.length)]).join('');
/** 2^k strings with one String.hashCode ("Aa" and "BB" hash alike) */
const sameHash = (k: number) => Array.from({ length: 2 ** k }, (_, i) => Array.from({ length: k }, (_, j) => ((i >> j) & 1 ? 'BB' : 'Aa')).join(''));

describe('the HashMap model against a JDK', () => {
  it('gives the iteration orders Java gives, for random and colliding names', () => {
    const cases: string[][] = [];
    for (let i = 0; i < 2000; i++) {
      const set = new Set(Array.from({ length: [0, 1, 3, 7, 12, 13, 24, 25, 48, 49, 97, 150][rnd(12)]! }, randomName));
      if (i % 3 === 0) for (const s of sameHash(2 + rnd(4)).slice(0, rnd(40))) set.add(`p${s}`);
      cases.push([...set].sort(() => Math.random() - 0.5));
    }
    const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
    const program = join(import.meta.dirname, '..', '..', 'fixtures', 'java', 'HashMapOrder.java');
    const r = spawnSync(java, [program], {
      input: `${cases.map((c) => c.join(' ')).join('\n')}\n`,
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const mismatches = cases.filter((c, i) => topicCommandDescribeOrder(c).join(' ') !== lines[2 * i] || javaHashMapOrder(c).join(' ') !== lines[2 * i + 1]);
    expect(mismatches.map((c) => c.length)).toEqual([]);
  });
});

describe('kafka-topics --describe order against TopicCommand', () => {
  // sizes on both sides of Java's resize points; the last one holds 16 names of one hash (a tree bin)
  const groups = {
    a: Array.from({ length: 12 }, randomName),
    b: Array.from({ length: 27 }, randomName),
    c: [...Array.from({ length: 24 }, randomName), ...sameHash(4)],
  };
  const topic = (group: string, name: string) => `do-${uid}-${group}-${name}`;
  const all = Object.entries(groups).flatMap(([g, names]) => [...new Set(names)].map((n) => topic(g, n)));

  beforeAll(async () => {
    // six creations at a time: one CLI process each
    for (let i = 0; i < all.length; i += 6) {
      const results = await Promise.all(all.slice(i, i + 6).map((t) => runCli(['topics', 'create', t, '-p', '1', '--bootstrap-server', B])));
      for (const r of results) expect(r.exitCode, r.stderr).toBe(0);
    }
  }, 180_000);

  afterAll(async () => {
    await runCli(['topics', '--delete', '--topic', `do-${uid}-.*`, '--bootstrap-server', B]);
  });

  for (const [group, version] of [
    ['a', '3.9.2'],
    ['b', '3.9.2'],
    ['c', '3.9.2'],
    ['c', '4.1.2'],
  ] as const) {
    it(`prints ${new Set(groups[group]).size} topics in the modelled order (TopicCommand ${version})`, async () => {
      const engine = await resolveEngine({ version });
      const r = await engine.runTool('org.apache.kafka.tools.TopicCommand', ['--describe', '--topic', `do-${uid}-${group}-.*`, '--bootstrap-server', B], {
        timeoutMs: 60_000,
      });
      expect(r.exitCode, r.stderr).toBe(0);
      const printed = [...r.stdout.matchAll(/^Topic: (\S+)\t/gm)].map((m) => m[1]);
      const names = [...new Set(groups[group])].map((n) => topic(group, n));
      expect(printed).toHaveLength(names.length);
      expect(printed).toEqual(topicCommandDescribeOrder(names));
    });
  }
});
