/**
 * The process commands (server-start, zookeeper-start, server-stop, engine) on the paths that
 * start no JVM, in process through main(argv, io): pre-flight answers about the config file,
 * stale pid files, usage mistakes, missing engines, help and Kafka's script names.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../../helpers/io.js';

/** A temp folder, its own process table and KAFKA_HOME holding the jar names of a 3.9.2 engine. */
function lab() {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-unit-process-'));
  const kafkaHome = join(dir, 'kafka');
  mkdirSync(join(kafkaHome, 'libs'), { recursive: true });
  for (const jar of ['kafka-clients-3.9.2.jar', 'kafka_2.13-3.9.2.jar']) writeFileSync(join(kafkaHome, 'libs', jar), '');
  const env = { KAFKA_LAB_HOME: join(dir, 'home'), KAFKA_LAB_RUN_DIR: join(dir, 'run'), LOG_DIR: join(dir, 'logs'), KAFKA_HOME: kafkaHome };
  return {
    dir,
    env,
    path: (name: string) => join(dir, name),
    write: (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    },
    run: (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runMain(args, { env: { ...env, ...extraEnv } }),
  };
}

const firstLine = (s: string) => s.split('\n')[0];

describe('pre-flight answers about the config file: one line, a hint, exit 1, no JVM', () => {
  const l = lab();

  it('config file missing', async () => {
    const r = await l.run(['server-start', l.path('missing.properties')]);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: config file not found: ${l.path('missing.properties')}`);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('config file is a directory', async () => {
    mkdirSync(l.path('adir.properties'));
    const r = await l.run(['zookeeper-start', l.path('adir.properties')]);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: config file is a directory, not a file: ${l.path('adir.properties')}`);
  });

  it('malformed line: a key no Kafka key looks like (file:line)', async () => {
    const p = l.write('bad.properties', 'broker.id=0\n# fine\nlog.dirs/tmp/kafka-logs\n');
    const r = await l.run(['server-start', p]);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: ${p}:3: malformed line: 'log.dirs/tmp/kafka-logs' is not a config key`);
  });

  it('malformed line: a bad \\uXXXX escape (file:line)', async () => {
    const p = l.write('bad-u.properties', 'broker.id=0\nlog.dirs=/tmp/\\u00zz\n');
    const r = await l.run(['server-start', p]);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: ${p}:2: malformed \\uxxxx escape`);
  });

  it('a KRaft config without node.id', async () => {
    const p = l.write('kraft.properties', 'process.roles=broker,controller\ncontroller.quorum.voters=1@127.0.0.1:1\n');
    const r = await l.run(['server-start', p]);
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe('error: kraft.properties sets process.roles but no valid node.id');
  });

  it('Java is checked after the file, before ports: a missing JAVA_HOME/bin/java is named', async () => {
    const p = l.write('ok.properties', `broker.id=0\nlisteners=PLAINTEXT://127.0.0.1:1\nlog.dirs=${l.path('ok-logs')}\nzookeeper.connect=127.0.0.1:1\n`);
    const noJava = mkdtempSync(join(tmpdir(), 'kafka-lab-nojava-'));
    const r = await l.run(['server-start', p], { JAVA_HOME: noJava });
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe(`error: Java not found at ${join(noJava, 'bin', 'java')} (from JAVA_HOME)`);
  });
});

describe('pid files and usage', () => {
  it('stale pid files are detected and cleaned', async () => {
    const l = lab();
    mkdirSync(l.env.KAFKA_LAB_RUN_DIR, { recursive: true });
    const stale = {
      role: 'broker',
      pid: 2 ** 22 + 999,
      nodeId: 4,
      configFile: l.path('ok.properties'),
      address: '127.0.0.1:1',
      logFile: '/x',
      engine: 'apache-3.9.2',
      startedAt: '',
    };
    writeFileSync(join(l.env.KAFKA_LAB_RUN_DIR, 'broker-4-1.json'), JSON.stringify(stale));
    const r = await l.run(['server-stop']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`warning: removed stale pid file of broker 4 (pid ${stale.pid} is gone)`);
    expect(r.stderr).toContain('error: No kafka server to stop');
    const again = await l.run(['server-stop']);
    expect(again.stderr).not.toContain('stale');
  });

  it('usage mistakes exit 2', async () => {
    const l = lab();
    const r = await l.run(['server-stop', '--all', '--node-id', '1']);
    expect(r.exitCode).toBe(2);
    const r1 = await l.run(['server-start', '-daemon']);
    expect(r1.exitCode).toBe(2);
    expect(r1.stderr).toBe('error: missing the config file\nhint: USAGE: kafka-lab server-start [-daemon] server.properties [--override property=value]*\n');
    const r2 = await l.run(['server-start', l.path('ok.properties'), '--override', 'novalue']);
    expect(r2.exitCode).toBe(2);
    expect(firstLine(r2.stderr)).toBe("error: --override expects key=value, got 'novalue'");
  });
});

describe('engines', () => {
  it('no engine installed: names the command that installs it', async () => {
    const l = lab();
    const r = await l.run(['server-start', l.path('ok.properties')], { KAFKA_HOME: '' });
    expect(r.exitCode).toBe(1);
    expect(firstLine(r.stderr)).toBe('error: no Kafka engine is installed');
    expect(r.stderr).toContain('hint: Install it with: kafka-lab engine install --version 3.9.2');
    const r2 = await l.run(['server-start', '--engine', '3.8.7', l.path('ok.properties')], { KAFKA_HOME: '' });
    expect(firstLine(r2.stderr)).toBe('error: Kafka engine 3.8.7 is not installed');
    expect(r2.stderr).toContain('hint: Install it with: kafka-lab engine install --version 3.8.7');
  });

  it('rejects something that is not a version number', async () => {
    const r = await lab().run(['engine', 'install', '--version', 'latest']);
    expect(r.exitCode).toBe(2);
    expect(firstLine(r.stderr)).toBe("error: 'latest' is not a Kafka version");
  });

  it('KAFKA_HOME pointing at an unpacked distribution is the default engine', async () => {
    const l = lab();
    const r = await l.run(['engine', 'list', '--output', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { version: string; isDefault: boolean; location: string }[];
    expect(list[0]).toMatchObject({ version: '3.9.2', isDefault: true, location: join(l.env.KAFKA_HOME, 'libs') });
    const text = await l.run(['engine', 'list']);
    expect(text.stdout).toBe(`* 3.9.2    zookeeper+kraft  ${join(l.env.KAFKA_HOME, 'libs')}\n`);
  });

  it('says how to install one when none is there', async () => {
    const r = await lab().run(['engine', 'list'], { KAFKA_HOME: '' });
    expect(r.stdout).toBe('No engine installed. Install one with: kafka-lab engine install --version 3.9.2\n');
  });
});

describe('help', () => {
  it('every process command has an example in its --help', async () => {
    for (const cmd of ['zookeeper-start', 'zookeeper-stop', 'server-start', 'server-stop', 'storage', 'engine']) {
      const r = await runMain([cmd, '--help']);
      expect(r.exitCode, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Examples:\n\s+kafka-lab /);
    }
  });

  it('Kafka script names work as aliases', async () => {
    const l = lab();
    const r = await l.run(['kafka-server-start.sh', l.path('missing.properties')]);
    expect(firstLine(r.stderr)).toBe(`error: config file not found: ${l.path('missing.properties')}`);
  });
});
