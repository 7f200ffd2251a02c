/** Errors by kind: the exit code follows from the kind, code tells failures apart by kind. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrokerError, type ClientErrorKind, KafkaClientError, translateKafkaError } from '../../../src/client/errors.js';
import { readPropertiesFile } from '../../../src/config/properties.js';
import { loadServerConfig, resolveEngine } from '../../../src/engine/index.js';
import { ERROR_KINDS, ExitCode, KafkaLabError, UsageError, errorKind, exitCodeOf, withMessage } from '../../../src/errors.js';
import { hints } from '../../../src/hints.js';
import { runMain } from '../../helpers/io.js';

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

describe('kinds of the client layer', () => {
  const broker = (code: number, message: string | null = null) => translateKafkaError(new BrokerError(code, message, 't'), { topic: 't', group: 'g' });

  it('what the broker answered: not-found, already-exists, authorization, unsupported, usage, broker', () => {
    expect(broker(3)).toMatchObject({ kind: 'not-found', message: "topic 't' does not exist" });
    expect(broker(36)).toMatchObject({ kind: 'already-exists', message: "Topic 't' already exists.", hint: hints.topicExists });
    expect(broker(29)).toMatchObject({ kind: 'authorization' });
    expect(broker(35)).toMatchObject({ kind: 'unsupported' });
    expect(broker(69)).toMatchObject({ kind: 'not-found', message: "consumer group 'g' does not exist" });
    expect(broker(17, 'bad name')).toMatchObject({ kind: 'usage', exitCode: 2, message: 'bad name' });
    expect(broker(38, 'Replication factor: 3 larger than available brokers: 1.')).toMatchObject({ kind: 'broker', exitCode: 1 });
  });

  it('what kept us from the broker: connection, timeout, authentication, unsupported', () => {
    const client = (kind: ClientErrorKind, message: string) => translateKafkaError(new KafkaClientError(kind, message), { brokers: ['h:1'], timeoutMs: 500 });
    expect(client('connection', 'connection refused')).toMatchObject({
      kind: 'connection',
      message: 'cannot connect to Kafka at h:1: connection refused',
      hint: hints.brokerUnreachable,
    });
    expect(client('timeout', 'connection timed out')).toMatchObject({ kind: 'connection', hint: hints.brokerUnreachable });
    expect(client('timeout', 'request timed out')).toMatchObject({ kind: 'timeout', message: 'request to Kafka at h:1 timed out after 500 ms' });
    expect(client('authentication', 'wrong user name or password')).toMatchObject({ kind: 'authentication' });
    expect(client('unsupported', 'the broker is too old')).toMatchObject({ kind: 'unsupported', hint: hints.brokerRelease });
  });
});

describe('topics tells its own failures from the rest by kind', () => {
  it("a broker it cannot reach keeps its message; a wrong --command-config file gets Kafka's prefix", async () => {
    const closed = await closedPort();
    const refused = await runMain(['topics', '--list', '--bootstrap-server', `127.0.0.1:${closed}`, '--timeout', '5000']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(`error: cannot connect to Kafka at 127.0.0.1:${closed}: connection refused`);
    const missing = join(mkdtempSync(join(tmpdir(), 'kafka-lab-kinds-')), 'client.properties');
    const wrongFile = await runMain(['topics', '--list', '--bootstrap-server', `127.0.0.1:${closed}`, '--command-config', missing]);
    expect(wrongFile.exitCode).toBe(1);
    expect(wrongFile.stderr).toContain(`error: Error while executing topic command : --command-config file not found: ${missing}`);
  });
});

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
