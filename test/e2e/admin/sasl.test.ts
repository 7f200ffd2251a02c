/**
 * --command-config end to end: a KRaft broker with a SASL_PLAINTEXT (PLAIN and SCRAM-SHA-256
 * users) client listener; kafka-lab authenticates with Kafka's property names.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { ENGINE_VERSION, classpath, freePort, runKafkaTool, waitForPort, stopChild } from '../../helpers/kafka.js';

let broker: ChildProcess | undefined;
let dir = '';
let saslAddress = '';
let plainAddress = '';

function clientConfig(name: string, lines: string[]): string {
  const f = join(dir, name);
  writeFileSync(f, `${lines.join('\n')}\n`);
  return f;
}

describe('SASL through --command-config', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kl-sasl-'));
    const [plain, sasl, controller] = [await freePort(), await freePort(), await freePort()];
    const cfg = join(dir, 'server.properties');
    writeFileSync(
      cfg,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${controller}`,
        `listeners=PLAINTEXT://127.0.0.1:${plain},SASL_PLAINTEXT://127.0.0.1:${sasl},CONTROLLER://127.0.0.1:${controller}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${plain},SASL_PLAINTEXT://127.0.0.1:${sasl}`,
        'controller.listener.names=CONTROLLER',
        'inter.broker.listener.name=PLAINTEXT',
        'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
        'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256',
        'listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-secret";',
        'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
        `log.dirs=${join(dir, 'logs')}`,
        'offsets.topic.replication.factor=1',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'auto.create.topics.enable=false',
        '',
      ].join('\n'),
    );
    // the SCRAM user is stored in the metadata log at format time
    const fmt = await runKafkaTool('kafka.tools.StorageTool', [
      'format',
      '-t',
      'q1Sh-9_ISia_zwGINzRvyQ',
      '-c',
      cfg,
      '--add-scram',
      'SCRAM-SHA-256=[name=bob,password=bob-secret]',
    ]);
    expect(fmt.exitCode, fmt.stderr).toBe(0);
    broker = spawn('java', ['-Xmx384m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', classpath(ENGINE_VERSION), 'kafka.Kafka', cfg], {
      stdio: 'ignore',
    });
    await waitForPort(sasl, 90_000);
    saslAddress = `127.0.0.1:${sasl}`;
    plainAddress = `127.0.0.1:${plain}`;
  });

  afterAll(async () => {
    if (broker) await stopChild(broker, 15_000);
  });

  it('authenticates with PLAIN and SCRAM-SHA-256, and reports a wrong password in one line', async () => {
    await waitForPort(Number(plainAddress.split(':')[1]));
    const plain = clientConfig('plain.properties', [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=PLAIN',
      'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="alice-secret";',
    ]);
    // the broker may still be starting (the machine is shared): retry for up to a minute
    let created = await runCli(['topics', 'create', 'sasl-t', '--if-not-exists', '--bootstrap-server', saslAddress, '--command-config', plain]);
    for (const end = Date.now() + 60_000; created.exitCode !== 0 && Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 1000));
      created = await runCli(['topics', 'create', 'sasl-t', '--if-not-exists', '--bootstrap-server', saslAddress, '--command-config', plain]);
    }
    expect(created.exitCode, created.stderr).toBe(0);
    const scram = clientConfig('scram.properties', [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=SCRAM-SHA-256',
      'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="bob" password="bob-secret";',
    ]);
    const listed = await runCli(['topics', '--list', '--bootstrap-server', saslAddress, '--command-config', scram]);
    expect(listed.stderr).toBe('');
    expect(listed).toMatchObject({ exitCode: 0, stdout: 'sasl-t\n' });

    const wrong = clientConfig('wrong.properties', [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=PLAIN',
      'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="nope";',
    ]);
    const denied = await runCli(['topics', '--list', '--bootstrap-server', saslAddress, '--command-config', wrong, '--timeout', '8000']);
    expect(denied.exitCode, denied.stderr).toBe(1);
    expect(denied.stderr).toMatch(/^error: authentication failed at 127\.0\.0\.1:\d+: /);
    expect(denied.stderr.trim().split('\n')).toHaveLength(2);
    expect(denied.ms).toBeLessThan(10_000);
  });
});
