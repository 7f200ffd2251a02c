import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN, runCli } from '../../helpers/cli.js';
import { createTopic, kafkaTool, offsetsOf, removeTopics } from '../../helpers/client.js';
import { runKafkaTool } from '../../helpers/kafka.js';

const bootstrap = inject('bootstrap');
const uid = randomBytes(3).toString('hex');
const topic = (name: string) => `cp-${name}-${uid}`;
const TOPICS = ['interop', 'codecs', 'random', 'binary', 'from-java', 'errors', 'format', 'tty', 'big', 'fmt'].map(topic);

beforeAll(async () => {
  await Promise.all(TOPICS.map((t) => createTopic(bootstrap, t, { partitions: t === topic('random') ? 3 : 1 })));
});

afterAll(async () => {
  await removeTopics(bootstrap, TOPICS).catch(() => {});
});

const produce = (args: string[], input?: string | Buffer) => runCli(['console-producer', '--bootstrap-server', bootstrap, ...args], { input });
const consume = (args: string[]) => runCli(['console-consumer', '--bootstrap-server', bootstrap, ...args]);
/** Kafka's own console consumer from the engine jars: the independent reader of what kafka-lab wrote. */
const javaConsume = (t: string, n: number, extra: string[] = []) =>
  kafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
    '--bootstrap-server',
    bootstrap,
    '--topic',
    t,
    '--from-beginning',
    '--max-messages',
    String(n),
    '--timeout-ms',
    '30000',
    ...extra,
  ]);
const PRINT_ALL = ['print.key', 'print.headers', 'print.value'].flatMap((p) => ['--property', `${p}=true`]);

describe('console-producer', () => {
  it("sends keys, headers and null values that Kafka's console consumer reads identically", async () => {
    const t = topic('interop');
    const input = 'h1:a,h2:b,h1:c\tk1\tv1\nNULL\tk2\tNULL\nh:NULL\tNULL\tvalue with\ttab\n';
    const p = await produce(['--topic', t, '--property', 'parse.key=true', '--property', 'parse.headers=true', '--reader-property', 'null.marker=NULL'], input);
    expect(p.exitCode, p.stderr).toBe(0);
    expect(p.stdout).toBe(''); // no '>' prompt when stdin is not a TTY
    const java = await javaConsume(t, 3, PRINT_ALL);
    expect(java.stdout).toBe('h1:a,h2:b,h1:c\tk1\tv1\nNO_HEADERS\tk2\tnull\nh:null\tnull\tvalue with\ttab\n');
    // and kafka-lab's consumer prints the same bytes (headers in log order, null header values)
    const ours = await consume(['--topic', t, '--from-beginning', '-e', ...PRINT_ALL]);
    expect(ours.stdout).toBe(java.stdout);
  });

  it.skipIf(spawnSync('script', ['--version']).status !== 0)('shows the > prompt on a terminal and sends each typed line', async () => {
    const t = topic('tty');
    // util-linux `script` gives the producer a pseudo-terminal; Ctrl-D (\x04) ends the input
    const child = spawn('script', ['-qfec', `${process.execPath} ${BIN} console-producer --topic ${t} --bootstrap-server ${bootstrap}`, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    const exited = new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
    const deadline = Date.now() + 20_000;
    while (!out.includes('>') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.stdin.write('typed line\n');
    await new Promise((r) => setTimeout(r, 500));
    child.stdin.write('\x04');
    expect(await exited).toBe(0);
    expect(out.split('>').length - 1).toBe(2);
    const java = await javaConsume(t, 1);
    expect(java.stdout).toBe('typed line\n');
    expect((await offsetsOf(bootstrap, t)).get(0)!.high).toBe(1);
  });

  it('compresses with gzip, snappy, lz4 and zstd, readable by Kafka and by kafka-lab', async () => {
    const t = topic('codecs');
    for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
      const r = await produce(
        ['--topic', t, '--compression-codec', codec, '--property', 'parse.key=true'],
        `${codec}\tvalue-${codec}-1\n${codec}\tvalue-${codec}-2\n`,
      );
      expect(r.exitCode, `${codec}: ${r.stderr}`).toBe(0);
    }
    const expected = `${['none', 'gzip', 'snappy', 'lz4', 'zstd'].flatMap((c) => [`${c}\tvalue-${c}-1`, `${c}\tvalue-${c}-2`]).join('\n')}\n`;
    const java = await javaConsume(t, 10, ['--property', 'print.key=true']);
    expect(java.stdout).toBe(expected);
    const ours = await consume(['--topic', t, '--from-beginning', '-e', '--property', 'print.key=true']);
    expect(ours.stdout).toBe(expected);
  });

  it("reads what Kafka's console producer wrote (keys, headers, lz4 and zstd)", async () => {
    const t = topic('from-java');
    for (const codec of ['lz4', 'zstd', 'snappy']) {
      const j = await runKafkaTool(
        'kafka.tools.ConsoleProducer',
        ['--bootstrap-server', bootstrap, '--topic', t, '--compression-codec', codec, '--property', 'parse.key=true', '--property', 'parse.headers=true'],
        { input: `h:${codec}\tk-${codec}\tv-${codec}\n` },
      );
      expect(j.exitCode, j.stderr).toBe(0);
    }
    const ours = await consume(['--topic', t, '--from-beginning', '-e', ...PRINT_ALL]);
    expect(ours.exitCode, ours.stderr).toBe(0);
    expect(ours.stdout).toBe('h:lz4\tk-lz4\tv-lz4\nh:zstd\tk-zstd\tv-zstd\nh:snappy\tk-snappy\tv-snappy\n');
  });

  it('--random N sends N records over K keys', async () => {
    const t = topic('random');
    const r = await produce(['--topic', t, '--random', '1000', '--record-size', '20', '--keys', '10']);
    expect(r.exitCode, r.stderr).toBe(0);
    const c = await consume(['--topic', t, '--from-beginning', '-e', '-f', '%k %S\\n']);
    const lines = c.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1000);
    expect(new Set(lines)).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `key-${i} 20`)));
    // Kafka's consumer reads the same 1000 records, 20-byte values, and each key on one partition only
    const java = await javaConsume(t, 1000, ['--property', 'print.key=true', '--property', 'print.partition=true']);
    const rows = java.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
    expect(rows).toHaveLength(1000);
    expect(rows.every((r) => r.length === 3 && r[2]!.length === 20)).toBe(true);
    const partitionsOfKey = new Map<string, Set<string>>();
    for (const [p, k] of rows) partitionsOfKey.set(k!, (partitionsOfKey.get(k!) ?? new Set()).add(p!));
    expect([...partitionsOfKey.keys()].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `key-${i}`).sort());
    expect([...partitionsOfKey.values()].every((ps) => ps.size === 1)).toBe(true);
  });

  it('round-trips random bytes through --format json (base64) unchanged', async () => {
    const t = topic('binary');
    const values = Array.from({ length: 20 }, (_, i) => randomBytes(1 + i * 13));
    const input = `${values
      .map((v, i) => JSON.stringify({ key: `k${i}`, value: v.toString('base64'), valueEncoding: 'base64', headers: [{ key: 'n', value: String(i) }] }))
      .join('\n')}\n`;
    expect((await produce(['--topic', t, '--format', 'json'], input)).exitCode).toBe(0);
    // Kafka's consumer writes keys and values as raw bytes: exactly these bytes, in this order
    const java = await javaConsume(t, 20, ['--property', 'print.key=true']);
    expect(java.stdoutBytes.equals(Buffer.concat(values.flatMap((v, i) => [Buffer.from(`k${i}\t`), v, Buffer.from('\n')])))).toBe(true);
    const out = await consume(['--topic', t, '--from-beginning', '-e', '--format', 'json']);
    const back = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string; value: string; valueEncoding: string; headers: { value: string }[] });
    expect(back).toHaveLength(20);
    back.forEach((r, i) => {
      expect(r.key).toBe(`k${i}`);
      expect(Buffer.from(r.value, r.valueEncoding as BufferEncoding).equals(values[i]!)).toBe(true);
      expect(r.headers[0]!.value).toBe(String(i));
    });
    // and the consumer's JSON goes back in unchanged
    const copy = topic('format');
    expect((await produce(['--topic', copy, '--format', 'json'], out.stdout)).exitCode).toBe(0);
    const again = await consume(['--topic', copy, '--from-beginning', '-e', '--format', 'json']);
    const strip = (s: string) =>
      s
        .trim()
        .split('\n')
        .map((l) => {
          const o = JSON.parse(l);
          delete o.topic;
          return JSON.stringify(o);
        });
    expect(strip(again.stdout)).toEqual(strip(out.stdout));
  });

  it('reads input with a kcat-style format string', async () => {
    const t = topic('fmt');
    const r = await produce(['--topic', t, '--format', '%k=%s;%h\\n'], 'a=1;x=y\nb=2;\n');
    expect(r.exitCode, r.stderr).toBe(0);
    const java = await javaConsume(t, 2, PRINT_ALL);
    expect(java.stdout).toBe('x:y\ta\t1\nNO_HEADERS\tb\t2\n');
    const c = await consume(['--topic', t, '--from-beginning', '-e', ...PRINT_ALL]);
    expect(c.stdout).toBe(java.stdout);
  });

  it('refuses a record over max.request.size by its line number and still sends the others in order', async () => {
    const t = topic('big');
    const big = 'x'.repeat(1_100_000); // over the broker's default max.message.bytes
    const r = await produce([t, '--compression-codec', 'none'], `small-1\n${big}\nsmall-3\n`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('from line 2:');
    expect(r.stderr).toContain('1 of 3 records could not be sent');
    const java = await javaConsume(t, 2);
    expect(java.stdout).toBe('small-1\nsmall-3\n');
    expect((await offsetsOf(bootstrap, t)).get(0)!.high).toBe(2);
    const c = await consume([t, '-o', 'start', '-e', '-f', '%s\n']);
    expect(c.stdout).toBe('small-1\nsmall-3\n');
  });

  it('reports errors with line numbers and exit codes', async () => {
    const t = topic('errors');
    const bad = await produce(['--topic', t, '--property', 'parse.key=true'], 'k\tv\nabc\nk2\tv2\n');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("No key separator found on line number 2: 'abc'");
    const ignored = await produce(['--topic', t, '--property', 'parse.key=true', '--property', 'ignore.error=true'], 'abc\n');
    expect(ignored.exitCode).toBe(0);
    const missing = await produce(['--topic', `missing-${uid}`], 'x\n');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain(`topic 'missing-${uid}' does not exist`);
    const badJson = await produce(['--topic', t, '--format', 'json'], '{"value":"ok"}\n{oops\n');
    expect(badJson.exitCode).toBe(1);
    expect(badJson.stderr).toContain('line 2: not valid JSON');
    const badCodec = await produce(['--topic', t, '--compression-codec', 'brotli'], 'x\n');
    expect(badCodec.exitCode).toBe(2);
    const conflict = await produce(['--topic', t, '--property', 'parse.headers=true', '--property', 'headers.separator=\t'], 'x\n');
    expect(conflict.exitCode).toBe(2);
    expect(conflict.stderr).toContain('headers.delimiter and headers.separator may not be equal');
    const unknownProp = await produce(['--topic', t, '--producer-property', 'no.such.setting=1'], 'x\n');
    expect(unknownProp.exitCode).toBe(2);
    const unreachable = await runCli(['console-producer', '--bootstrap-server', '127.0.0.1:1', '--topic', t, '--connect-timeout', '2000'], { input: 'x\n' });
    expect(unreachable.exitCode).toBe(1);
    expect(unreachable.stderr.trim().split('\n')[0]).toMatch(/^error: (cannot connect|could not)/);
    expect(unreachable.ms).toBeLessThan(10_000);
    const dir = mkdtempSync(join(tmpdir(), 'cp-'));
    writeFileSync(join(dir, 'in.txt'), 'from file\n');
    const fromFile = await produce(['--topic', t, '--file', join(dir, 'in.txt'), '--sync', '--request-required-acks', '1']);
    expect(fromFile.exitCode, fromFile.stderr).toBe(0);
    const noFile = await produce(['--topic', t, '--file', join(dir, 'nope.txt')]);
    expect(noFile.exitCode).toBe(1);
    expect(noFile.stderr).toContain('file not found');
  });
});
