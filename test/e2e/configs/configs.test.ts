import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { runKafkaTool } from '../../helpers/kafka.js';

const B = inject('bootstrap');
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const cli = (...a: string[]) => runCli([...a, '--bootstrap-server', B]);
const kafkaConfigs = (...a: string[]) => runKafkaTool('kafka.admin.ConfigCommand', [...a, '--bootstrap-server', B]);

describe('configs', () => {
  it('shows the 168 h retention default, changes it per topic, and deletes the override', async () => {
    const t = uniq('cfg');
    expect((await cli('topics', 'create', t)).exitCode).toBe(0);
    const all = await cli('configs', '--entity-type', 'topics', '--entity-name', t, '--describe', '--all');
    expect(all.stdout).toContain(`All configs for topic ${t} are:\n`);
    expect(all.stdout).toMatch(/\n {2}retention\.ms=604800000 sensitive=false synonyms=/);

    const set = await cli(
      'configs',
      '--entity-type',
      'topics',
      '--entity-name',
      t,
      '--alter',
      '--add-config',
      'retention.ms=86400000,cleanup.policy=[compact,delete]',
    );
    expect(set).toMatchObject({ exitCode: 0, stdout: `Completed updating config for topic ${t}.\n` });
    const ours = await cli('configs', '--entity-type', 'topics', '--entity-name', t, '--describe');
    const theirs = await kafkaConfigs('--entity-type', 'topics', '--entity-name', t, '--describe');
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain('  retention.ms=86400000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=86400000}');
    const oursAll = await cli('configs', '--entity-type', 'topics', '--entity-name', t, '--describe', '--all');
    const theirsAll = await kafkaConfigs('--entity-type', 'topics', '--entity-name', t, '--describe', '--all');
    expect(oursAll.stdout).toBe(theirsAll.stdout);

    // --delete-config removes just that key (IncrementalAlterConfigs), cleanup.policy stays
    const del = await cli('configs', '--topic', t, '--alter', '--delete-config', 'retention.ms');
    expect(del.exitCode).toBe(0);
    const after = await cli('configs', '--topic', t, '--describe');
    expect(after.stdout).not.toContain('retention.ms=');
    expect(after.stdout).toContain('cleanup.policy=compact,delete');
    const json = JSON.parse((await cli('configs', '--topic', t, '--describe', '--all', '-o', 'json')).stdout);
    expect(json.entities[0].configs.find((c: { name: string }) => c.name === 'retention.ms')).toMatchObject({ value: '604800000', source: 'DEFAULT_CONFIG' });

    const again = await cli('configs', '--topic', t, '--alter', '--delete-config', 'retention.ms');
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('error: Invalid config(s): retention.ms');
  });

  it('refuses unknown names and bad values with clear messages', async () => {
    const t = uniq('cfg-bad');
    await cli('topics', 'create', t);
    const unknown = await cli('configs', '--topic', t, '--alter', '--add-config', 'retention.msx=1');
    // the broker refuses them (Kafka's tool exits 1 too): E15, E73
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('error: Unknown topic config name: retention.msx');
    const bad = await cli('configs', '--topic', t, '--alter', '--add-config', 'retention.ms=soon');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('Invalid value soon for configuration retention.ms');
    const noop = await cli('configs', '--topic', t, '--alter');
    expect(noop.exitCode).toBe(2);
    expect(noop.stderr).toContain('At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter');
    const missing = await cli('configs', '--topic', uniq('nope'), '--describe');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('does not exist');
  });

  it('describes and alters broker configs', async () => {
    const set = await cli('configs', '--entity-type', 'brokers', '--entity-name', '0', '--alter', '--add-config', 'log.cleaner.threads=2');
    expect(set).toMatchObject({ exitCode: 0, stdout: 'Completed updating config for broker 0.\n' });
    const ours = await cli('configs', '--entity-type', 'brokers', '--entity-name', '0', '--describe');
    const theirs = await kafkaConfigs('--entity-type', 'brokers', '--entity-name', '0', '--describe');
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain('log.cleaner.threads=2');
    expect((await cli('configs', '--broker', '0', '--alter', '--delete-config', 'log.cleaner.threads')).exitCode).toBe(0);

    const def = await cli('configs', '--entity-type', 'brokers', '--entity-default', '--alter', '--add-config', 'log.cleaner.backoff.ms=16000');
    expect(def).toMatchObject({ exitCode: 0, stdout: 'Completed updating default config for brokers in the cluster.\n' });
    const oursDef = await cli('configs', '--entity-type', 'brokers', '--entity-default', '--describe');
    const theirsDef = await kafkaConfigs('--entity-type', 'brokers', '--entity-default', '--describe');
    expect(oursDef.stdout).toBe(theirsDef.stdout);
    expect(oursDef.stdout).toContain('Default configs for brokers in the cluster are:\n  log.cleaner.backoff.ms=16000 ');
    expect((await cli('configs', '--broker-defaults', '--alter', '--delete-config', 'log.cleaner.backoff.ms')).exitCode).toBe(0);
  });

  it('takes configs from --add-config-file', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const t = uniq('cfg-file');
    await cli('topics', 'create', t);
    const f = join(mkdtempSync(join(tmpdir(), 'kl-cfg-')), 'topic.properties');
    writeFileSync(f, '# one week of segments\nsegment.ms=604800000\nretention.bytes=1048576\n');
    expect((await cli('configs', '--topic', t, '--alter', '--add-config-file', f)).exitCode).toBe(0);
    const d = await cli('configs', '--topic', t, '--describe');
    expect(d.stdout).toContain('  retention.bytes=1048576 sensitive=false');
    expect(d.stdout).toContain('  segment.ms=604800000 sensitive=false');
  });
});
