/**
 * kafka-lab kafka-run-class (issue 12 #4): Kafka's kafka-run-class.sh on the installed engine,
 * side by side with the same class run straight from the engine jars (the oracle), plus stdin,
 * exit codes and Kafka's environment variables; and every class the scripts table names is in
 * the installed engines.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jarClasses } from '../../../src/connect/jar-index.js';
import { KAFKA_SCRIPTS } from '../../../src/kafka-scripts.js';
import { runCli } from '../../helpers/cli.js';
import { expectError } from '../../helpers/expect-error.js';
import { runKafkaTool } from '../../helpers/kafka.js';

const bootstrap = inject('bootstrap');
const uid = randomBytes(3).toString('hex');
const topic = `run-class-${uid}`;
const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-run-class-'));
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run'), LOG_DIR: join(tmp, 'logs') };
const cli = (args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
  runCli(args, { env: { ...env, ...opts.env }, input: opts.input, timeoutMs: 90_000 });

beforeAll(async () => {
  const r = await cli(['topics', '--create', '--topic', topic, '--partitions', '2', '--bootstrap-server', bootstrap]);
  expect(r.exitCode, r.stderr).toBe(0);
});
afterAll(async () => {
  await cli(['topics', '--delete', '--topic', topic, '--bootstrap-server', bootstrap]);
  rmSync(tmp, { recursive: true, force: true });
});

describe("kafka-lab kafka-run-class: Kafka's kafka-run-class.sh", () => {
  it('runs a tool class as Kafka does: the same output and exit code', async () => {
    const args = ['--describe', '--topic', topic, '--bootstrap-server', bootstrap];
    const ours = await cli(['kafka-run-class', 'org.apache.kafka.tools.TopicCommand', ...args]);
    const kafka = await runKafkaTool('org.apache.kafka.tools.TopicCommand', args);
    expect(ours.exitCode, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(kafka.stdout);
    expect(ours.stdout).toContain(`Topic: ${topic}\tTopicId:`);

    const missing = ['--describe', '--topic', `nosuch-${uid}`, '--bootstrap-server', bootstrap];
    const ourMissing = await cli(['kafka-run-class.sh', 'org.apache.kafka.tools.TopicCommand', ...missing]);
    const kafkaMissing = await runKafkaTool('org.apache.kafka.tools.TopicCommand', missing);
    expect(kafkaMissing.exitCode).toBe(1);
    expect(ourMissing.exitCode).toBe(kafkaMissing.exitCode);
    expect(ourMissing.stdout).toBe(kafkaMissing.stdout);
  });

  it("passes stdin through: Kafka's ConsoleProducer reads the lines", async () => {
    const r = await cli(['kafka-run-class', 'kafka.tools.ConsoleProducer', '--bootstrap-server', bootstrap, '--topic', topic], { input: 'a\nb\nc\n' });
    expect(r.exitCode, r.stderr).toBe(0);
    const offsets = await cli(['get-offsets', '--topic', topic, '--bootstrap-server', bootstrap]);
    const total = offsets.stdout
      .trim()
      .split('\n')
      .reduce((n, l) => n + Number(l.split(':')[2]), 0);
    expect(total).toBe(3);
  });

  it("Kafka's environment variables reach the JVM: KAFKA_OPTS, KAFKA_HEAP_OPTS, LOG_DIR", async () => {
    const shown = await cli(['kafka-run-class', 'kafka.Kafka', '--version'], { env: { KAFKA_OPTS: '-XshowSettings:properties' } });
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.stdout + shown.stderr).toContain(`kafka.logs.dir = ${env.LOG_DIR}`);
    expect(shown.stdout + shown.stderr).toMatch(/3\.9\.\d/);
    const heap = await cli(['kafka-run-class', 'kafka.Kafka', '--version'], { env: { KAFKA_HEAP_OPTS: '-Xmx1k' } });
    expect(heap.exitCode).toBe(1);
    expect(heap.stdout + heap.stderr).toMatch(/Too small maximum heap|Initial heap size set to a larger value than the maximum heap size/);
  });

  it('E74 a class that moved between Kafka versions: where it is now', async () => {
    expectError(
      await cli(['kafka-run-class.sh', 'kafka.tools.GetOffsetShell', '--bootstrap-server', bootstrap, '--topic', topic]),
      1,
      'class kafka.tools.GetOffsetShell is not on the classpath of Kafka 3.9.2',
      `Kafka 3.9.2 has it as org.apache.kafka.tools.GetOffsetShell: kafka-lab kafka-run-class org.apache.kafka.tools.GetOffsetShell --bootstrap-server ${bootstrap} --topic ${topic}`,
    );
  });
});

describe("the scripts table against the engines' jars", () => {
  const home = process.env.KAFKA_LAB_HOME ?? join(homedir(), '.kafka-lab');
  const classesOf = (version: string) => {
    const libs = join(home, 'engines', `kafka-${version}`, 'libs');
    return new Set(readdirSync(libs).flatMap((j) => (j.endsWith('.jar') ? jarClasses(join(libs, j)) : [])));
  };
  for (const [version, key] of [
    ['3.9.2', 'class39'],
    ['4.1.2', 'class4'],
  ] as const) {
    it.runIf(existsSync(join(home, 'engines', `kafka-${version}`)))(`every class it names for Kafka ${version} is in that engine`, () => {
      const classes = classesOf(version);
      const named = KAFKA_SCRIPTS.filter((s) => s[key] && !s.missingJar).map((s) => s[key]!);
      expect(named.length).toBeGreaterThan(20);
      expect(named.filter((c) => !classes.has(c))).toEqual([]);
      // and the jars it says are missing are missing
      for (const s of KAFKA_SCRIPTS.filter((x) => x.missingJar && x[key])) expect(classes.has(s[key]!), s.name).toBe(false);
    });
  }
});
