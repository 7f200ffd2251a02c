import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { CompressionName } from '../../../src/protocol/compression.js';
import { produce, readAll } from '../../helpers/client.js';
import { runCli } from '../../helpers/cli.js';
import { runKafkaTool } from '../../helpers/kafka.js';

const B = inject('bootstrap');
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const cli = (...a: string[]) => runCli([...a, '--bootstrap-server', B]);

const produceTo = (topic: string, values: string[], compression: CompressionName = 'none') =>
  produce(
    B,
    topic,
    values.map((value) => ({ value, partition: 0 })),
    { compression },
  );

const values = async (topic: string) => (await readAll(B, topic)).map((r) => r.value?.toString() ?? 'null');

describe('get-offsets, delete-records, broker-api-versions', () => {
  it("get-offsets prints what Kafka's GetOffsetShell prints", async () => {
    const t = uniq('go');
    await cli('topics', 'create', t, '-p', '2');
    const before = Date.now();
    await produceTo(t, ['a', 'b', 'c']);
    for (const args of [
      ['--topic', t],
      ['--topic', t, '--time', '-2'],
      ['--topic', t, '--time', String(before - 60_000)],
      ['--topic', t, '--time', String(Date.now() + 3_600_000)],
    ]) {
      const ours = await cli('get-offsets', ...args);
      const theirs = await runKafkaTool('org.apache.kafka.tools.GetOffsetShell', [...args, '--bootstrap-server', B]);
      expect(ours.exitCode).toBe(0);
      expect(ours.stdout).toBe(theirs.stdout);
    }
    expect((await cli('get-offsets', '--topic', t)).stdout).toBe(`${t}:0:3\n${t}:1:0\n`);
    expect((await cli('get-offsets', '--topic', t, '--partitions', '1')).stdout).toBe(`${t}:1:0\n`);
    expect(JSON.parse((await cli('get-offsets', '--topic-partitions', `${t}:1`, '-o', 'json')).stdout)).toEqual({
      offsets: [{ topic: t, partition: 1, offset: 0 }],
    });
    const bad = await cli('get-offsets', '--topic', t, '--time', 'yesterday');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('Malformed time argument yesterday');
  });

  it('delete-records moves the log start offset (JSON file and simple form)', async () => {
    const t = uniq('dr');
    await cli('topics', 'create', t, '-p', '1');
    await produceTo(t, ['1', '2', '3', '4', '5']);
    const f = join(mkdtempSync(join(tmpdir(), 'kl-dr-')), 'offsets.json');
    writeFileSync(f, JSON.stringify({ partitions: [{ topic: t, partition: 0, offset: 2 }], version: 1 }));
    const r = await cli('delete-records', '--offset-json-file', f);
    expect(r).toMatchObject({
      exitCode: 0,
      stdout: `Executing records delete operation\nRecords delete operation completed:\npartition: ${t}-0\tlow_watermark: 2\n`,
    });
    const r2 = await cli('delete-records', '--topic', t, '--partition', '0', '--before-offset', '4');
    expect(r2.stdout).toContain(`partition: ${t}-0\tlow_watermark: 4`);
    expect((await cli('get-offsets', '--topic', t, '--time', '-2')).stdout).toBe(`${t}:0:4\n`);
    const far = await cli('delete-records', '--topic', t, '--partition', '0', '--before-offset', '99');
    expect(far.exitCode).toBe(1);
    expect(far.stdout).toMatch(/error: /);
    const usage = await cli('delete-records', '--topic', t);
    expect(usage.exitCode).toBe(2);
  });

  it("broker-api-versions prints what Kafka's BrokerApiVersionsCommand prints", async () => {
    const ours = await cli('broker-api-versions');
    const theirs = await runKafkaTool('kafka.admin.BrokerApiVersionsCommand', ['--bootstrap-server', B]);
    expect(ours.exitCode).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    const json = JSON.parse((await cli('broker-api-versions', '-o', 'json')).stdout);
    expect(json.brokers[0].apis.find((a: { name: string }) => a.name === 'Produce')).toMatchObject({ key: 0, kafkaLabVersion: 11 }); // what the producer sends (src/protocol/produce.ts)
  });
});

describe('codecs', () => {
  const codecs = ['gzip', 'snappy', 'lz4', 'zstd'] as const;

  it("every codec round-trips through kafka-lab's client and interoperates with the Java clients both ways", async () => {
    const base = uniq('codec');
    for (const name of codecs) {
      const t = `${base}-${name}`;
      expect((await cli('topics', 'create', t, '-p', '1')).exitCode).toBe(0);
      await produceTo(t, [`kl-${name}-1`, `kl-${name}-2`], name);
      const java = await runKafkaTool('kafka.tools.ConsoleProducer', ['--bootstrap-server', B, '--topic', t, '--compression-codec', name], {
        input: `java-${name}-1\njava-${name}-2\n`,
      });
      expect(java.exitCode).toBe(0);
      expect(await values(t)).toEqual([`kl-${name}-1`, `kl-${name}-2`, `java-${name}-1`, `java-${name}-2`]);
    }
    const consumed = await runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server',
      B,
      '--include',
      `${base}-.*`,
      '--from-beginning',
      '--max-messages',
      '16',
      '--timeout-ms',
      '20000',
    ]);
    const lines = consumed.stdout.trim().split('\n').sort();
    expect(lines).toEqual(codecs.flatMap((n) => [`java-${n}-1`, `java-${n}-2`, `kl-${n}-1`, `kl-${n}-2`]).sort());
  });
});
