import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { complete, completionScript, positionalIndex, splitLine, type CompletionSources } from '../../../src/completion/complete.js';
import { completionSources } from '../../../src/completion/sources.js';

/** bash checks the script's syntax where it is installed (the unit tests also run with node alone on PATH) */
const hasBash = spawnSync('bash', ['--version']).status === 0;

const sources: CompletionSources = {
  flags: async (cmd) =>
    cmd === 'topics' ? [{ name: 'bootstrap-server' }, { name: 'topic' }, { name: 'create' }, { name: 'output', choices: ['text', 'json'] }] : [],
  live: async (kind, bootstrap) => (kind === 'topics' ? ['orders', 'payments', `via-${bootstrap ?? 'default'}`] : ['g1']),
};

describe('completion answers', () => {
  it('completes command names', async () => {
    expect(await complete('kafka-lab top', sources)).toEqual(['topics']);
    expect(await complete('kafka-lab dump', sources)).toEqual(['dump-log']);
    expect(await complete('kafka-lab ', sources)).toContain('zookeeper-shell');
  });
  it('completes flags, choices and live names', async () => {
    expect(await complete('kafka-lab topics --c', sources)).toEqual(['--create']);
    expect(await complete('kafka-lab topics --output ', sources)).toEqual(['json', 'text']);
    expect(await complete('kafka-lab topics --bootstrap-server b:1 --topic o', sources)).toEqual(['orders']);
    expect(await complete('kafka-lab topics --bootstrap-server b:1 --topic ', sources)).toContain('via-b:1');
    expect(await complete('kafka-lab consumer-groups --group ', sources)).toEqual(['g1']);
    expect(await complete('kafka-lab completion ', sources)).toEqual(['bash', 'zsh']);
    expect(await complete('kafka-lab nope --x', sources)).toEqual([]);
  });
  it('completes subcommands and template names from the commands themselves (issue 12 #14)', async () => {
    const real = completionSources();
    expect(await complete('kafka-lab cluster s', real)).toEqual(['start-broker', 'status', 'stop-broker']);
    expect(await complete('kafka-lab engine ', real)).toEqual(['install', 'list']);
    expect(await complete('kafka-lab storage ', real)).toEqual(['format', 'info', 'random-uuid']);
    expect(await complete('kafka-lab topics c', real)).toEqual(['create']);
    expect(await complete('kafka-lab config print ', real)).toContain('kraft/server');
    expect(await complete('kafka-lab config print z', real)).toEqual(['zookeeper']);
    expect(await complete('kafka-lab help to', real)).toEqual(['topics']);
    // after a flag that takes a value nothing is offered (the shell completes file names); after a boolean flag the subcommand is
    expect(await complete('kafka-lab cluster up --dir ', real)).toEqual([]);
    expect(await complete('kafka-lab cluster --purge ', real)).toContain('down');
    // positionals are no flags
    expect(await complete('kafka-lab cluster --ac', real)).toEqual([]);
  });
  it('counts positionals past flags and their values', () => {
    const flags = [
      { name: 'dir', takesValue: true },
      { name: 'yes', takesValue: false },
    ];
    expect(positionalIndex(['--dir', 'lab'], flags)).toBe(0);
    expect(positionalIndex(['--yes', 'down'], flags)).toBe(1);
    expect(positionalIndex(['print', '--dir=x'], flags)).toBe(1);
  });
  it('splits the line at the cursor', () => {
    expect(splitLine('kafka-lab topics ')).toEqual({ words: ['kafka-lab', 'topics'], current: '' });
    expect(splitLine('kafka-lab top')).toEqual({ words: ['kafka-lab'], current: 'top' });
  });
});

describe('completion scripts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-completion-'));
  it.skipIf(!hasBash)('generates a bash script that bash accepts', () => {
    const f = join(dir, 'kafka-lab.bash');
    writeFileSync(f, completionScript('bash'));
    const r = spawnSync('bash', ['-n', f], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(completionScript('bash')).toContain('complete -o default -F _kafka_lab_complete kafka-lab klab');
  });
  it('generates a zsh script (syntax-checked when zsh is installed)', () => {
    const script = completionScript('zsh');
    expect(script.startsWith('#compdef kafka-lab klab')).toBe(true);
    const f = join(dir, '_kafka-lab');
    writeFileSync(f, script);
    const r = spawnSync('zsh', ['-n', f], { encoding: 'utf8' });
    if (r.error) return; // no zsh on this machine
    expect(r.status, r.stderr).toBe(0);
  });
});
