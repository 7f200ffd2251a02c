/**
 * The same side-by-side checks against a Kafka 4.1 KRaft broker (ELR columns, the 4.x
 * BrokerApiVersionsCommand layout), with the tools of that release.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { classpath, engineLibs, freePort, runKafkaTool, waitForPort, stopChild } from '../../helpers/kafka.js';

const VERSION = '4.1.2';
const installed = existsSync(engineLibs(VERSION));
let broker: ChildProcess | undefined;
let B = '';

describe.skipIf(!installed)('Kafka 4.1 KRaft side by side', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kl-kraft41-'));
    const port = await freePort();
    const cport = await freePort();
    const cfg = join(dir, 'server.properties');
    writeFileSync(
      cfg,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${cport}`,
        `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${cport}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
        'controller.listener.names=CONTROLLER',
        'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        `log.dirs=${join(dir, 'logs')}`,
        'offsets.topic.replication.factor=1',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'auto.create.topics.enable=false',
        '',
      ].join('\n'),
    );
    const cp = classpath(VERSION);
    const fmt = await runKafkaTool('kafka.tools.StorageTool', ['format', '-t', 'q1Sh-9_ISia_zwGINzRvyQ', '-c', cfg], { version: VERSION });
    expect(fmt.exitCode).toBe(0);
    broker = spawn('java', ['-Xmx384m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', cp, 'kafka.Kafka', cfg], { stdio: 'ignore' });
    await waitForPort(port, 90_000);
    B = `127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (broker) await stopChild(broker, 15_000);
  });

  // runKafkaTool passes a log4j 1 config; 4.x tools use log4j2 and print one status line about it on stdout
  const tool = async (cls: string, args: string[]) => {
    const r = await runKafkaTool(cls, [...args, '--bootstrap-server', B], { version: VERSION });
    return { ...r, stdout: r.stdout.replace(/^\S+ main ERROR Reconfiguration failed: .*\n/m, '') };
  };
  const cli = (...a: string[]) => runCli([...a, '--bootstrap-server', B]);

  it('topics --describe (with Elr/LastKnownElr), configs --describe --all, get-offsets and broker-api-versions match', async () => {
    // the first CreateTopics can race the controller becoming ready
    let first = await cli('topics', 'create', 'k41-a', '-p', '2', '--if-not-exists');
    for (const end = Date.now() + 60_000; first.exitCode !== 0 && Date.now() < end; ) {
      await new Promise((res) => setTimeout(res, 1000));
      first = await cli('topics', 'create', 'k41-a', '-p', '2', '--if-not-exists');
    }
    expect(first.exitCode, first.stderr).toBe(0);
    expect((await cli('topics', '--create', '--topic', 'k41-b', '--config', 'retention.ms=5000')).exitCode).toBe(0);
    const ours = await cli('topics', '--describe');
    const theirs = await tool('org.apache.kafka.tools.TopicCommand', ['--describe']);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain('\tElr: \tLastKnownElr: \n');
    for (const [cls, args] of [
      ['org.apache.kafka.tools.BrokerApiVersionsCommand', []],
      ['org.apache.kafka.tools.GetOffsetShell', []],
    ] as const) {
      const cmd = cls.endsWith('BrokerApiVersionsCommand') ? 'broker-api-versions' : 'get-offsets';
      const t = await tool(cls, [...args]);
      expect(t.exitCode).toBe(0);
      expect((await cli(cmd)).stdout).toBe(t.stdout);
    }
    const cfgTheirs = await tool('kafka.admin.ConfigCommand', ['--entity-type', 'topics', '--entity-name', 'k41-b', '--describe', '--all']);
    expect(cfgTheirs.exitCode).toBe(0);
    expect((await cli('configs', '--entity-type', 'topics', '--entity-name', 'k41-b', '--describe', '--all')).stdout).toBe(cfgTheirs.stdout);
    const rf = await cli('topics', 'create', 'k41-c', '-r', '2');
    expect(rf.exitCode).toBe(1);
    expect(rf.stderr).toContain(
      'error: Error while executing topic command : Unable to replicate the partition 2 time(s): The target replication factor of 2 cannot be reached because only 1 broker(s) are registered.',
    );
    const fewer = await cli('topics', 'alter', 'k41-a', '-p', '1');
    expect(fewer.stderr).toContain('error: Error while executing topic command : The topic k41-a currently has 2 partition(s); 1 would not be an increase.');
  });
});
