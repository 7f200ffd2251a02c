/**
 * The output layer as commands use it, in process through main(argv, io): everything goes to
 * the run's own streams, colour only when the stream is a terminal (NO_COLOR, FORCE_COLOR),
 * help wrapped to the terminal's width, and several runs at once never mix their output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { templatesDir } from '../../../src/paths.js';
import { memoryIo, runMain } from '../../helpers/io.js';

const version = (JSON.parse(readFileSync(join(templatesDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
const ESC = String.fromCharCode(27);

describe('the top level', () => {
  it('--version prints the version and nothing else', async () => {
    expect(await runMain(['--version'])).toMatchObject({ stdout: `${version}\n`, stderr: '', exitCode: 0 });
  });

  it('--help lists the commands by group', async () => {
    const r = await runMain(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^kafka-lab: run, learn and operate Apache Kafka from one command\.\n/);
    expect(r.stdout).toMatch(/\nProcesses \(ZooKeeper, brokers, engines\):\n {2}zookeeper-start +start ZooKeeper/);
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 error, 2 usage, 130 interrupted.');
  });

  it('an option before any command is a usage error (one line and a hint, not the whole help)', async () => {
    const r = await runMain(['--frobnicate']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'error: unknown option --frobnicate\nhint: options go after a command: kafka-lab <command> --frobnicate (kafka-lab --help lists the commands)\n',
    );
    expect(r.stdout).toBe('');
  });
});

describe('colour', () => {
  it('is off when stderr is not a terminal', async () => {
    const r = await runMain(['topcs'], { env: { NO_COLOR: '', FORCE_COLOR: undefined } });
    expect(r.stderr).not.toContain(ESC);
  });

  it('is on for a terminal, and NO_COLOR turns it off', async () => {
    const tty = await runMain(['topcs'], { isTTY: true, env: { NO_COLOR: '', FORCE_COLOR: undefined, TERM: 'xterm' } });
    expect(tty.stderr.split('\n')[0]).toBe(`${ESC}[31merror: unknown command 'topcs'${ESC}[39m`);
    const noColor = await runMain(['topcs'], { isTTY: true, env: { NO_COLOR: '1', TERM: 'xterm' } });
    expect(noColor.stderr.split('\n')[0]).toBe("error: unknown command 'topcs'");
  });

  it('FORCE_COLOR turns it on in a pipe', async () => {
    const r = await runMain(['topcs'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(r.stderr).toContain(`${ESC}[31merror:`);
  });
});

describe('help of a command', () => {
  it('is wrapped to the width of the terminal, except the example command lines (they must stay pasteable)', async () => {
    const narrow = await runMain(['storage', '--help'], { columns: 60 });
    const wide = await runMain(['storage', '--help'], { columns: 120 });
    const longest = (s: string) => Math.max(...s.split('\n').map((l) => l.length));
    const [options, examples] = narrow.stdout.split('\nExamples:\n');
    expect(longest(options!)).toBeLessThanOrEqual(60);
    expect(examples).toContain('\n  kafka-lab storage format --standalone -t $(kafka-lab storage random-uuid) -c server.properties\n');
    expect(longest(wide.stdout)).toBeGreaterThan(60);
    expect(wide.stdout).toMatch(/^kafka-lab storage <action>\n/);
  });
});

describe('plain outputs', () => {
  it('config print writes the template as it is, config list the names', async () => {
    const r = await runMain(['config', 'print', 'server']);
    expect(r.stdout).toBe(readFileSync(join(templatesDir, 'server.properties'), 'utf8'));
    const list = await runMain(['config', 'list']);
    expect(list.stdout.split('\n')).toEqual(expect.arrayContaining(['server', 'zookeeper', 'kraft/server']));
  });

  it('storage random-uuid prints one cluster id as kafka-storage does', async () => {
    const r = await runMain(['storage', 'random-uuid']);
    expect(r.stdout).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}\n$/);
  });

  it('an output format a command lacks is a usage error', async () => {
    const r = await runMain(['dump-log', '--files', '/nonexistent.log', '--output', 'table']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^error: Invalid values: Argument: output, Given: "table"/);
  });
});

describe('runs at once', () => {
  it('each run writes to its own streams and ends with its own exit code', async () => {
    const runs = Array.from({ length: 12 }, (_, i) => {
      const m = memoryIo();
      const args = i % 3 === 0 ? ['config', 'print', 'zookeeper'] : i % 3 === 1 ? ['storage', 'random-uuid'] : ['cluster', `bogus${i}`];
      return { m, args, code: main(args, m.io) };
    });
    const zookeeper = readFileSync(join(templatesDir, 'zookeeper.properties'), 'utf8');
    for (const [i, r] of runs.entries()) {
      const code = await r.code;
      if (i % 3 === 0) expect([code, r.m.stdout(), r.m.stderr()]).toEqual([0, zookeeper, '']);
      if (i % 3 === 1) expect([code, r.m.stderr()]).toEqual([0, '']);
      if (i % 3 === 2) expect([code, r.m.stdout(), r.m.stderr().split('\n')[0]]).toEqual([2, '', `error: unknown action 'bogus${i}' for 'cluster'`]);
    }
    const ids = runs.filter((_, i) => i % 3 === 1).map((r) => r.m.stdout());
    expect(new Set(ids).size).toBe(ids.length);
  });
});
