/** Errors by kind: the exit code follows from the kind, code tells failures apart by kind. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPropertiesFile } from '../../../src/config/properties.js';
import { loadServerConfig, resolveEngine } from '../../../src/engine/index.js';
import { ERROR_KINDS, ExitCode, KafkaLabError, UsageError, errorKind, exitCodeOf, withMessage } from '../../../src/errors.js';
import { hints } from '../../../src/hints.js';

describe('kinds and exit codes', () => {
  it('usage exits 2, interrupted 130, every other kind 1', () => {
    expect(ERROR_KINDS.map((k) => [k, exitCodeOf(k)]).filter(([, c]) => c !== ExitCode.ERROR)).toEqual([
      ['usage', 2],
      ['interrupted', 130],
    ]);
  });

  it('a kind sets the exit code; an exit code alone (older code) sets the kind', () => {
    expect(new KafkaLabError('x', { kind: 'connection' })).toMatchObject({ kind: 'connection', exitCode: 1 });
    expect(new KafkaLabError('x', { kind: 'usage' })).toMatchObject({ kind: 'usage', exitCode: 2 });
    expect(new KafkaLabError('x', { exitCode: 2 })).toMatchObject({ kind: 'usage', exitCode: 2 });
    expect(new KafkaLabError('x', { exitCode: 130 })).toMatchObject({ kind: 'interrupted', exitCode: 130 });
    expect(new KafkaLabError('x')).toMatchObject({ kind: 'failed', exitCode: 1 });
    // a command may keep the exit code of a program it ran
    expect(new KafkaLabError('x', { kind: 'process', exitCode: 137 })).toMatchObject({ kind: 'process', exitCode: 137 });
    expect(new UsageError('x', 'h')).toMatchObject({ kind: 'usage', exitCode: 2, hint: 'h' });
  });

  it('anything that is not a KafkaLabError is internal', () => {
    expect(errorKind(new Error('boom'))).toBe('internal');
    expect(errorKind('boom')).toBe('internal');
    expect(errorKind(new UsageError('x'))).toBe('usage');
  });

  it('a new message keeps kind, hint, exit code and details', () => {
    const e = withMessage(new KafkaLabError('inner', { kind: 'broker', hint: 'h', details: ['d'] }), 'Error while executing topic command : inner');
    expect(e).toMatchObject({ message: 'Error while executing topic command : inner', kind: 'broker', hint: 'h', exitCode: 1, details: ['d'] });
  });
});

describe('kinds where the failures happen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-kinds-'));

  it('a missing file is not-found, a folder or a malformed line invalid-config', () => {
    expect(() => readPropertiesFile(join(dir, 'nope.properties'))).toThrow(expect.objectContaining({ kind: 'not-found', hint: hints.checkPath }));
    mkdirSync(join(dir, 'adir'));
    expect(() => readPropertiesFile(join(dir, 'adir'))).toThrow(expect.objectContaining({ kind: 'invalid-config' }));
  });

  it('a missing engine is not-found, with the command that installs it', async () => {
    await expect(resolveEngine({ version: '3.0.99', env: { KAFKA_LAB_HOME: dir } })).rejects.toMatchObject({
      kind: 'not-found',
      hint: hints.installEngine('3.0.99'),
    });
  });

  it('a server config with a key no Kafka key looks like is invalid-config', () => {
    writeFileSync(join(dir, 'bad.properties'), 'log.dirs/tmp\n');
    expect(() => loadServerConfig(join(dir, 'bad.properties'), 'config file')).toThrow(expect.objectContaining({ kind: 'invalid-config' }));
  });
});
