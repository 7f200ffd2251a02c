/**
 * The CLI layer's answers that hold for every command, in process: number options typed without
 * a value or with a fraction (issue 12 #2) are usage errors before the command does anything;
 * -v, version and help <command>; help examples never wrapped mid-command.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/registry.js';
import { FRACTIONAL_OPTIONS } from '../../../src/util/number-options.js';
import { runMain } from '../../helpers/io.js';

const tmp = mkdtempSync(join(tmpdir(), 'kafka-lab-cli-usage-'));
const env = { KAFKA_LAB_HOME: join(tmp, 'home'), KAFKA_LAB_RUN_DIR: join(tmp, 'run'), LOG_DIR: join(tmp, 'logs') };
const cli = (args: string[]) => runMain(args, { env });

interface Options {
  number: string[];
  alias: Record<string, string[]>;
  choices: Record<string, string[]>;
}

/** Each command's number options and the words its required positionals need, read from its yargs builder. */
async function numberOptions(name: string): Promise<{ options: string[]; positionals: string[] }> {
  const spec = COMMANDS.find((c) => c.name === name)!;
  const mod = (await spec.load()).default as { builder: (y: unknown) => unknown; command: string };
  const { default: yargs } = await import('yargs');
  const y = yargs([]).version(false);
  const built = (mod.builder(y) ?? y) as { getOptions(): Options };
  const o = built.getOptions();
  const aliases = new Set(Object.values(o.alias).flat());
  const required = [...String(mod.command).matchAll(/<([\w-]+)>/g)].map((m) => m[1]!);
  const named = new Set([...String(mod.command).matchAll(/[<[]([\w-]+)(?:\.\.)?[>\]]/g)].map((m) => m[1]!));
  return {
    options: o.number.filter((n) => !aliases.has(n) && !named.has(n)),
    positionals: required.map((p) => o.choices[p]?.[0] ?? (p === 'action' ? 'status' : 'localhost:1')),
  };
}

describe('number options of every command (issue 12 #2)', async () => {
  const cases: [string, string, string[]][] = [];
  for (const c of COMMANDS) {
    const { options, positionals } = await numberOptions(c.name);
    for (const o of options) cases.push([c.name, o, positionals]);
  }

  it('finds the number options of the commands', () => {
    expect(cases.length).toBeGreaterThan(40);
    expect(cases.map(([c, o]) => `${c} --${o}`)).toContain('topics --partitions');
    expect(cases.map(([c, o]) => `${c} --${o}`)).toContain('console-consumer --max-messages');
  });

  it('refuses each one without a value, at the end of the line and before another option', async () => {
    for (const [cmd, opt, positionals] of cases) {
      for (const args of [
        [cmd, ...positionals, `--${opt}`],
        [cmd, ...positionals, `--${opt}`, '--verbose'],
      ]) {
        const r = await cli(args);
        expect(r.exitCode, `${args.join(' ')}\n${r.stderr}`).toBe(2);
        expect(r.stderr, args.join(' ')).toContain(`error: --${opt} needs a value`);
      }
    }
  });

  it('refuses a fraction where a whole number is needed, and takes it where fractions make sense', async () => {
    for (const [cmd, opt, positionals] of cases) {
      // a fraction that is accepted would run the command: --help stops it there (help wins over
      // the options, so the refusals are checked without it)
      const fractional = FRACTIONAL_OPTIONS[cmd]?.includes(opt);
      const r = await cli([cmd, ...positionals, `--${opt}`, '2.5', ...(fractional ? ['--help'] : [])]);
      if (fractional) {
        expect(r.stderr, `${cmd} --${opt}`).not.toContain('expects a whole number');
      } else {
        expect(r.exitCode, `${cmd} --${opt}\n${r.stderr}`).toBe(2);
        expect(r.stderr).toContain(`error: --${opt} expects a whole number, got '2.5'`);
      }
    }
  });
});

describe('version and help at the top level (issue 12 #15)', () => {
  it('-v, --version and version print the version', async () => {
    for (const args of [['-v'], ['--version'], ['version']]) {
      const r = await cli(args);
      expect(r.exitCode, args.join(' ')).toBe(0);
      expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    }
  });
  it('help <command> is the command help', async () => {
    const r = await cli(['help', 'topics']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^kafka-lab topics/);
    expect(r.stdout).toContain('--partitions');
  });
  it('help examples: every command line on a line of its own, never wrapped', async () => {
    const narrow = await runMain(['cluster-scaffold', '--help'], { env, columns: 60 });
    const examples = narrow.stdout.slice(narrow.stdout.indexOf('\nExamples:\n'));
    expect(examples).toContain('\n  kafka-lab cluster-scaffold --brokers 3 --mode kraft --dir kraft-lab --base-port 19092\n');
    expect(examples).toContain('\n      three combined KRaft nodes, no ZooKeeper');
    const start = await cli(['server-start', '--help']);
    expect(start.stdout).toContain('\n  kafka-lab server-start -daemon server.properties --override broker.id=1\n');
  });
});
