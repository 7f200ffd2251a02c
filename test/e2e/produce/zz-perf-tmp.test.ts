import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { expect, inject, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { BIN, runCli } from '../../helpers/cli.js';

it('perf', async () => {
  const bootstrap = inject('bootstrap');
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'perf-tmp', numPartitions: 3 }], waitForLeaders: true });
  const line = 'x'.repeat(100) + '\n';
  writeFileSync('/tmp/perf-input.txt', line.repeat(300_000));
  let t = Date.now();
  const r = spawnSync('bash', ['-c', `/usr/bin/time -v ${process.execPath} ${BIN} console-producer --bootstrap-server ${bootstrap} --topic perf-tmp < /tmp/perf-input.txt`], { encoding: 'utf8' });
  console.log('produce ms', Date.now() - t, r.status, r.stderr.split('\n').filter((l) => /Maximum resident|Elapsed/.test(l)).join(' | '), r.stderr.slice(0, 300));
  t = Date.now();
  const c = spawnSync('bash', ['-c', `/usr/bin/time -v ${process.execPath} ${BIN} console-consumer --bootstrap-server ${bootstrap} --topic perf-tmp --from-beginning -e | wc -l`], { encoding: 'utf8' });
  console.log('consume ms', Date.now() - t, c.stdout, c.stderr.split('\n').filter((l) => /Maximum resident|Elapsed|Processed/.test(l)).join(' | '));
  await admin.deleteTopics({ topics: ['perf-tmp'] });
  await admin.disconnect();
  expect(1).toBe(1);
}, 300_000);
