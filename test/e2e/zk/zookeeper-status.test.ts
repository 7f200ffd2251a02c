/**
 * zookeeper-status on ZooKeepers started the way the README's quick start does (issue 12 #5):
 * from `kafka-lab config print zookeeper` (which whitelists ruok) and from a file like Kafka's own
 * config/zookeeper.properties (no whitelist: ZooKeeper answers srvr only). Both are up: exit 0.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { freePort } from '../../helpers/kafka.js';

const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-zk-status-'));
const env = { KAFKA_LAB_RUN_DIR: join(tmp, 'run'), LOG_DIR: join(tmp, 'logs') };
const cli = (args: string[]) => runCli(args, { env, timeoutMs: 90_000 });

afterAll(async () => {
  await cli(['zookeeper-stop']);
  rmSync(tmp, { recursive: true, force: true });
});

/** A ZooKeeper on a free loopback port from this config text; its address. */
async function startZooKeeper(name: string, text: string): Promise<string> {
  const port = await freePort();
  const file = join(tmp, `${name}.properties`);
  writeFileSync(
    file,
    text.replace(/^dataDir=.*$/m, `dataDir=${join(tmp, name)}`).replace(/^clientPort=.*$/m, `clientPort=${port}\nclientPortAddress=127.0.0.1`),
  );
  const r = await cli(['zookeeper-start', '-daemon', file, '--heap', '128m']);
  expect(r.exitCode, r.stderr).toBe(0);
  return `127.0.0.1:${port}`;
}

describe('zookeeper-status on the quick start ZooKeeper', () => {
  it('from kafka-lab config print zookeeper: ruok answers imok', async () => {
    const template = await cli(['config', 'print', 'zookeeper']);
    expect(template.stdout).toContain('4lw.commands.whitelist=ruok,srvr');
    const address = await startZooKeeper('template', template.stdout);
    const r = await cli(['zookeeper-status', address]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`ZooKeeper at ${address} is up (ruok → imok)`);
    expect(r.stdout).toMatch(/mode: +standalone/);
  });

  it("E71 from a file like Kafka's own (no whitelist): up, because srvr answers; the whitelist named", async () => {
    const kafkas = 'dataDir=/tmp/zookeeper\nclientPort=2181\nmaxClientCnxns=0\nadmin.enableServer=false\n';
    const address = await startZooKeeper('kafkas', kafkas);
    const r = await cli(['zookeeper-status', address]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      `ZooKeeper at ${address} is up (srvr answered; ruok is not whitelisted: Add '4lw.commands.whitelist=ruok,srvr' (or *) to zookeeper.properties and restart ZooKeeper.)`,
    );
    const json = JSON.parse((await cli(['zookeeper-status', address, '--output', 'json'])).stdout) as { ok: boolean };
    expect(json.ok).toBe(true);
  });
});
