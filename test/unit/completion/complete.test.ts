import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { complete, completionScript, splitLine, type CompletionSources } from '../../../src/completion/complete.js';

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
