/**
 * cluster-scaffold and cluster on the paths that start no JVM, in process through
 * main(argv, io): clashing hand-made configs refused before anything starts, scaffold
 * overwrite rules, usage mistakes, and the status of a stopped lab in each output format.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../../helpers/io.js';

function root() {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-unit-cluster-'));
  const env = { KAFKA_LAB_HOME: join(dir, 'home'), KAFKA_LAB_RUN_DIR: join(dir, 'run') };
  return { dir, lab: join(dir, 'lab'), run: (args: string[]) => runMain(args, { env }) };
}

/** ports nobody uses in these tests (the scaffold only warns when one is taken) */
const base = 47000 + Math.floor(Math.random() * 1000) * 10;
const scaffoldArgs = (lab: string, brokers: number) => [
  'cluster-scaffold',
  '--brokers',
  String(brokers),
  '--dir',
  lab,
  '--base-port',
  String(base),
  '--zookeeper-port',
  String(base + 5),
];

describe('cluster up refuses clashing hand-made configs before anything starts', () => {
  const cases: [string, (text: string, one: string) => string, RegExp][] = [
    [
      'a shared log.dirs',
      (t, one) => t.replace(/^log\.dirs=.*$/m, `log.dirs=${one.match(/^log\.dirs=(.*)$/m)![1]}`),
      /log\.dirs .*broker-1 is shared by server-1\.properties and server-2\.properties/,
    ],
    [
      'a shared port',
      (t, one) =>
        t.replace(/^listeners=.*$/m, one.match(/^listeners=.*$/m)![0]).replace(/^advertised\.listeners=.*$/m, one.match(/^advertised\.listeners=.*$/m)![0]),
      /port \d+ is used by server-1\.properties \(listeners\) and server-2\.properties \(listeners\)/,
    ],
    [
      'a duplicate broker.id',
      (t) => t.replace(/^broker\.id=.*$/m, 'broker.id=1'),
      /broker\.id 1 is used by both server-1\.properties and server-2\.properties/,
    ],
  ];
  for (const [what, edit, message] of cases) {
    it(`refuses ${what}, naming both files`, async () => {
      const r0 = root();
      expect((await r0.run(scaffoldArgs(r0.lab, 3))).exitCode).toBe(0);
      const one = readFileSync(join(r0.lab, 'server-1.properties'), 'latin1');
      const two = readFileSync(join(r0.lab, 'server-2.properties'), 'latin1');
      writeFileSync(join(r0.lab, 'server-2.properties'), edit(two, one));
      const r = await r0.run(['cluster', 'up', '--dir', r0.lab]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(r0.lab, 'logs'))).toBe(false); // no server was launched
      expect(existsSync(join(r0.dir, 'run'))).toBe(false); // no pid file was written
    });
  }
});

describe('cluster-scaffold', () => {
  it('refuses to overwrite a lab without --force, and writes the profile client commands use', async () => {
    const r0 = root();
    const args = scaffoldArgs(r0.lab, 2);
    const first = await r0.run(args);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Created a 2-broker ZooKeeper-mode lab in ${r0.lab} (Kafka 3.9.2)`);
    const again = await r0.run(args);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/already holds a lab/);
    expect(again.stderr).toMatch(/--force/);
    expect((await r0.run([...args, '--force'])).exitCode).toBe(0);
    const profile = JSON.parse(readFileSync(join(r0.lab, '.kafka-lab-profile.json'), 'utf8'));
    expect(profile.bootstrapServers).toBe(`127.0.0.1:${base},127.0.0.1:${base + 1}`);
    expect(readFileSync(join(r0.lab, 'TERMINALS.md'), 'utf8')).toContain('kafka-lab server-start server-2.properties');
    const bad = await r0.run(['cluster-scaffold', '--brokers', '10', '--dir', join(r0.dir, 'x')]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/from 1 to 9/);
  });

  it('a KRaft lab gets a cluster id kafka-storage would accept', async () => {
    const r0 = root();
    const r = await r0.run([...scaffoldArgs(r0.lab, 1), '--mode', 'kraft', '--controller-port', String(base + 7)]);
    expect(r.exitCode, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(r0.lab, 'cluster.json'), 'utf8'));
    expect(manifest.clusterId).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});

describe('cluster usage mistakes and a stopped lab', () => {
  it('exit 2 with a suggestion for an unknown action, a missing or unknown broker id', async () => {
    const r0 = root();
    expect((await r0.run(scaffoldArgs(r0.lab, 2))).exitCode).toBe(0);
    const bogus = await r0.run(['cluster', 'stat', '--dir', r0.lab]);
    expect(bogus.exitCode).toBe(2);
    expect(bogus.stderr).toMatch(/did you mean 'kafka-lab cluster status'/);
    const noId = await r0.run(['cluster', 'stop-broker', '--dir', r0.lab]);
    expect(noId.exitCode).toBe(2);
    expect(noId.stderr).toMatch(/needs a broker id/);
    const unknownId = await r0.run(['cluster', 'start-broker', '7', '--dir', r0.lab]);
    expect(unknownId.exitCode).toBe(2);
    expect(unknownId.stderr).toMatch(/has no broker 7/);
    const noLab = await r0.run(['cluster', 'up', '--dir', join(r0.dir, 'nothing')]);
    expect(noLab.exitCode).toBe(1);
    expect(noLab.stderr).toMatch(/no lab in .*cluster\.json not found/);
  });

  it('status of a stopped lab as json, text and table', async () => {
    const r0 = root();
    expect((await r0.run(scaffoldArgs(r0.lab, 2))).exitCode).toBe(0);
    const json = await r0.run(['cluster', 'status', '--dir', r0.lab, '--output', 'json']);
    expect(json.exitCode, json.stderr).toBe(0);
    const st = JSON.parse(json.stdout);
    expect(st.processes.map((p: { name: string; state: string }) => `${p.name}:${p.state}`)).toEqual([
      'zookeeper:stopped',
      'broker-1:stopped',
      'broker-2:stopped',
    ]);
    expect(st.cluster).toBeUndefined();
    const text = await r0.run(['cluster', 'status', '--dir', r0.lab]);
    // plain columns with paths relative to the lab: narrow enough for a terminal
    expect(text.stdout.split('\n')[0]).toBe(`lab: ${r0.lab}`);
    expect(text.stdout).toMatch(/^NODE ID +ROLE +ADDRESS +PID +STATE +REGISTERED +DATA DIR +LOG FILE$/m);
    expect(text.stdout).toMatch(/^1 +broker +127\.0\.0\.1:\d+ +- +stopped +\? +data\/broker-1 +-$/m);
    expect(Math.max(...text.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('cluster: no broker running');
    const table = await r0.run(['cluster', 'status', '--dir', r0.lab, '-o', 'table']);
    expect(table.stdout).not.toContain('cluster: no broker running');
    expect(table.stdout.split('\n')[1]).toMatch(/^│ node id │ role +│ address/);
  });
});
