/**
 * Secured labs end to end: a 3-broker sasl-scram lab (ZooKeeper mode: SCRAM users created at
 * `cluster up` through ZooKeeper) and a 1-broker sasl-ssl lab (KRaft: users added at format
 * time), scaffolded and brought up by the built CLI, used by kafka-lab's client commands and
 * by Kafka's own console consumer; every connection error asserted; the first ACL lab under the
 * lab's authorizer (denied, allowed, removed, denied again) with kafka-acls' text side by side; a
 * SCRAM user added with kafka-lab configs logging in; and no generated password in anything
 * kafka-lab printed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type RunResult } from '../../helpers/cli.js';
import { runKafkaTool } from '../../helpers/kafka.js';
import { parseProperties } from '../../../src/config/properties.js';
import { generateCa } from '../../../src/cluster/tls.js';
import { freePortBlock, run } from '../../helpers/ports.js';

const runDir = mkdtempSync(join(tmpdir(), 'kafka-lab-security-run-'));
const root = mkdtempSync(join(tmpdir(), 'kafka-lab-security-'));
const env = { KAFKA_LAB_RUN_DIR: runDir };
/** every output kafka-lab produced in this file, for the secrets check at the end */
const transcript: string[] = [];
const labs: string[] = [];

async function cli(args: string[], opts: { cwd?: string; input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  const r = await runCli(args, { env, timeoutMs: 180_000, ...opts });
  transcript.push(`$ kafka-lab ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r;
}

function passwordsOf(dir: string): string[] {
  const found: string[] = [];
  for (const f of ['client.properties', 'admin.properties']) {
    const jaas = parseProperties(readFileSync(join(dir, f), 'utf8')).get('sasl.jaas.config') ?? '';
    found.push(/password="([^"]+)"/.exec(jaas)![1]!);
  }
  const keyPassword = parseProperties(readFileSync(join(dir, 'server-1.properties'), 'utf8')).get('ssl.key.password');
  if (keyPassword) found.push(keyPassword);
  return found;
}

/** client properties like the lab's, with some entries replaced (undefined removes one) */
function variant(dir: string, name: string, changes: Record<string, string | undefined>): string {
  const props = parseProperties(readFileSync(join(dir, 'client.properties'), 'utf8'));
  props.delete('bootstrap.servers');
  for (const [k, v] of Object.entries(changes))
    if (v === undefined) props.delete(k);
    else props.set(k, v);
  const file = join(root, name);
  writeFileSync(file, `${[...props].map(([k, v]) => `${k}=${v}`).join('\n')}\n`, { mode: 0o600 });
  return file;
}

/** Runs `f` until `done` holds or 30 s pass (ACLs and credentials reach every broker a moment later). */
async function eventually(f: () => Promise<RunResult>, done: (r: RunResult) => boolean): Promise<RunResult> {
  const end = Date.now() + 30_000;
  for (;;) {
    const r = await f();
    if (done(r) || Date.now() > end) return r;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * kafka-acls' --list blocks, each as its header and its sorted entry lines: Kafka prints
 * resources and entries from hash sets (their order changes from run to run), so the two
 * outputs are compared as sets; the layout itself (': ' and a newline, ' \t' before the first
 * entry, ' ' after the last, an empty line) must be there in both.
 */
function aclBlocks(text: string): string[] {
  const headings = text.split('\n').filter((l) => l.startsWith('ACLs for principal '));
  const blocks = text
    .split('\n')
    .filter((l) => !l.startsWith('ACLs for principal '))
    .join('\n')
    .split(/(?<= \n)\n/)
    .filter((b) => b.trim() !== '');
  return [
    ...headings,
    ...blocks.map((b) => {
      const [head, ...entries] = b.replace(/\n$/, '').split('\n');
      expect(head).toMatch(/^Current ACLs for resource `ResourcePattern\(.*\)`: $/);
      expect(entries[0]).toMatch(/^ \t\(/);
      expect(entries[entries.length - 1]).toMatch(/\) $/);
      return [head, ...entries.map((e) => e.trim()).sort()].join('\n');
    }),
  ].sort();
}

afterAll(async () => {
  for (const dir of labs) await runCli(['cluster', 'down', '--dir', dir], { env, timeoutMs: 120_000 });
  rmSync(root, { recursive: true, force: true });
  rmSync(runDir, { recursive: true, force: true });
}, 240_000);

describe('a 3-broker sasl-scram lab (ZooKeeper mode)', () => {
  const dir = join(root, 'scram');
  let bootstrap = '';

  beforeAll(async () => {
    const base = await freePortBlock((b) => run(b, 3));
    const zkPort = await freePortBlock((b) => [b]);
    const made = await cli([
      'cluster-scaffold',
      '--security',
      'sasl-scram',
      '--brokers',
      '3',
      '--dir',
      dir,
      '--base-port',
      String(base),
      '--zookeeper-port',
      String(zkPort),
      '--heap',
      '256m',
    ]);
    expect(made.exitCode, made.stderr).toBe(0);
    labs.push(dir);
    bootstrap = `127.0.0.1:${base},127.0.0.1:${base + 1},127.0.0.1:${base + 2}`;
    const up = await cli(['cluster', 'up', '--dir', dir]);
    expect(up.exitCode, up.stderr + up.stdout).toBe(0);
  }, 240_000);

  it('writes client.properties and admin.properties 0600 and points the profile at admin (a super user under the authorizer)', () => {
    expect(statSync(join(dir, 'client.properties')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'admin.properties')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets', 'scram-users.properties')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, '.kafka-lab-profile.json'), 'utf8'))).toMatchObject({ commandConfig: 'admin.properties' });
    expect(parseProperties(readFileSync(join(dir, 'server-1.properties'), 'utf8')).get('authorizer.class.name')).toBe(
      'kafka.security.authorizer.AclAuthorizer',
    );
  });

  it('topics, console-producer, console-consumer and consumer-groups work through the profile', async () => {
    const created = await cli(['topics', '--create', '--topic', 'scram-orders', '--partitions', '3', '--replication-factor', '3'], { cwd: dir });
    expect(created.exitCode, created.stderr).toBe(0);
    const described = await cli(['topics', '--describe', '--topic', 'scram-orders'], { cwd: dir });
    expect(described.stdout).toMatch(/ReplicationFactor: 3/);
    const produced = await cli(['console-producer', '--topic', 'scram-orders', '--property', 'parse.key=true'], {
      cwd: dir,
      input: 'k1\tone\nk2\ttwo\nk3\tthree\n',
    });
    expect(produced.exitCode, produced.stderr).toBe(0);
    const consumed = await cli(['console-consumer', '--topic', 'scram-orders', '--from-beginning', '--group', 'scram-readers', '--max-messages', '3'], {
      cwd: dir,
    });
    expect(consumed.exitCode, consumed.stderr).toBe(0);
    expect(consumed.stdout.trim().split('\n').sort()).toEqual(['one', 'three', 'two']);
    const groups = await cli(['consumer-groups', '--describe', '--group', 'scram-readers'], { cwd: dir });
    expect(groups.exitCode, groups.stderr).toBe(0);
    expect(groups.stdout).toMatch(/scram-readers\s+scram-orders/);
  });

  it("Kafka's own console consumer reads what kafka-lab produced, with the generated admin.properties", async () => {
    const r = await runKafkaTool(
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      [
        '--bootstrap-server',
        bootstrap,
        '--topic',
        'scram-orders',
        '--from-beginning',
        '--max-messages',
        '3',
        '--timeout-ms',
        '30000',
        '--consumer.config',
        join(dir, 'admin.properties'),
      ],
      { timeoutMs: 90_000 },
    );
    expect(r.stdout.trim().split('\n').sort(), r.stderr).toEqual(['one', 'three', 'two']);
  });

  it('cluster status reaches the secured cluster', async () => {
    const st = await cli(['cluster', 'status', '--dir', dir, '--output', 'json']);
    expect(st.exitCode, st.stderr).toBe(0);
    expect(JSON.parse(st.stdout).cluster).toMatchObject({ reachable: true, registered: [1, 2, 3] });
  });

  it('S26/S27 the first ACL lab: client is denied, an ACL allows it, removing it denies again; kafka-acls --list as Kafka 3.9 prints it', async () => {
    expect((await cli(['topics', '--create', '--topic', 'acl-orders', '--partitions', '3'], { cwd: dir })).exitCode).toBe(0);
    const produceAsClient = (line: string) =>
      cli(['console-producer', '--topic', 'acl-orders', '--producer.config', 'client.properties'], { cwd: dir, input: `${line}\n` });
    const denied =
      "error: not authorized as User:client to produce to topic 'acl-orders': an idempotent producer needs Write on the topic or IdempotentWrite on the cluster (CLUSTER_AUTHORIZATION_FAILED)\n" +
      'hint: An admin grants it: kafka-lab acls --add --allow-principal User:client --producer --topic acl-orders; kafka-lab acls --list shows the ACLs.\n';
    const first = await produceAsClient('refused');
    expect(first).toMatchObject({ exitCode: 1, stderr: denied });

    const added = await cli(['acls', '--add', '--allow-principal', 'User:client', '--producer', '--topic', 'acl-orders'], { cwd: dir });
    expect(added).toMatchObject({
      exitCode: 0,
      stdout:
        'Adding ACLs for resource `ResourcePattern(resourceType=TOPIC, name=acl-orders, patternType=LITERAL)`: \n' +
        ' \t(principal=User:client, host=*, operation=WRITE, permissionType=ALLOW)\n' +
        '\t(principal=User:client, host=*, operation=CREATE, permissionType=ALLOW)\n' +
        '\t(principal=User:client, host=*, operation=DESCRIBE, permissionType=ALLOW) \n\n',
    });
    // the brokers learn new ACLs through ZooKeeper: allow them a moment
    const allowed = await eventually(
      () => produceAsClient('allowed'),
      (r) => r.exitCode === 0,
    );
    expect(allowed.exitCode, allowed.stderr).toBe(0);

    // reading needs the group too: S27, then --consumer on a prefixed group pattern
    const group = await cli(
      [
        'console-consumer',
        '--topic',
        'acl-orders',
        '--group',
        'acl-readers',
        '--from-beginning',
        '--max-messages',
        '1',
        '--consumer.config',
        'client.properties',
      ],
      {
        cwd: dir,
      },
    );
    expect(group.exitCode).toBe(1);
    // after the consumer's own "Processed a total of 0 messages" line, as Kafka's prints it
    expect(group.stderr).toMatch(
      /\nerror: not authorized as User:client to use consumer group 'acl-readers' \(GROUP_AUTHORIZATION_FAILED\)\nhint: An admin grants it: kafka-lab acls --add --allow-principal User:client --consumer --topic acl-orders --group acl-readers; kafka-lab acls --list shows the ACLs\.\n$/,
    );
    const consumerAcl = await cli(
      ['acls', '--add', '--allow-principal', 'User:client', '--consumer', '--topic', 'acl-orders', '--group', 'acl-', '--resource-pattern-type', 'prefixed'],
      { cwd: dir },
    );
    expect(consumerAcl.exitCode, consumerAcl.stderr).toBe(0);
    const read = await eventually(
      () =>
        cli(
          [
            'console-consumer',
            '--topic',
            'acl-orders',
            '--group',
            'acl-readers',
            '--from-beginning',
            '--max-messages',
            '1',
            '--consumer.config',
            'client.properties',
          ],
          {
            cwd: dir,
          },
        ),
      (r) => r.exitCode === 0,
    );
    expect(read).toMatchObject({ exitCode: 0, stdout: 'allowed\n' });

    // --list, byte for byte like Kafka 3.9's kafka-acls up to the order of its hash sets
    const kafkaAcls = (...args: string[]) =>
      runKafkaTool('kafka.admin.AclCommand', ['--bootstrap-server', bootstrap, '--command-config', join(dir, 'admin.properties'), ...args], {
        timeoutMs: 90_000,
      });
    for (const args of [['--list'], ['--list', '--topic', 'acl-orders', '--resource-pattern-type', 'match'], ['--list', '--principal', 'User:client']]) {
      const [ours, theirs] = await Promise.all([cli(['acls', ...args], { cwd: dir }), kafkaAcls(...args)]);
      expect(ours.exitCode, ours.stderr).toBe(0);
      expect(theirs.exitCode, theirs.stderr).toBe(0);
      expect(aclBlocks(ours.stdout), args.join(' ')).toEqual(aclBlocks(theirs.stdout));
      if (args[1] !== '--topic')
        expect(ours.stdout).toContain(
          '`ResourcePattern(resourceType=GROUP, name=acl-, patternType=PREFIXED)`: \n \t(principal=User:client, host=*, operation=READ, permissionType=ALLOW) \n\n',
        );
    }
    const json = JSON.parse((await cli(['acls', '--list', '--topic', 'acl-orders', '-o', 'json'], { cwd: dir })).stdout);
    expect(json.acls.map((a: { operation: string }) => a.operation).sort()).toEqual(['CREATE', 'DESCRIBE', 'WRITE']);

    const removed = await cli(['acls', '--remove', '--allow-principal', 'User:client', '--producer', '--topic', 'acl-orders', '--force'], { cwd: dir });
    expect(removed).toMatchObject({ exitCode: 0, stdout: '', stderr: 'Removed 3 ACLs.\n' });
    const again = await eventually(
      () => produceAsClient('refused again'),
      (r) => r.exitCode === 1,
    );
    expect(again).toMatchObject({ exitCode: 1, stderr: denied });
  }, 240_000);

  it("a SCRAM user added with kafka-lab configs logs in with kafka-lab and with Kafka's own client; its describe is Kafka's", async () => {
    const set = await cli(
      ['configs', '--alter', '--entity-type', 'users', '--entity-name', 'alice', '--add-config', 'SCRAM-SHA-512=[iterations=8192,password=alice-lab-pw-1]'],
      {
        cwd: dir,
      },
    );
    expect(set, set.stderr).toMatchObject({ exitCode: 0, stdout: 'Completed updating config for user alice.\n' });
    const alice = variant(dir, 'alice.properties', {
      'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="alice-lab-pw-1";',
    });
    const listed = await eventually(
      () => cli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', alice, '--timeout', '8000']),
      (r) => r.exitCode === 0,
    );
    expect(listed.exitCode, listed.stderr).toBe(0);
    const theirs = await runKafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', bootstrap, '--command-config', alice, '--list'], {
      timeoutMs: 90_000,
    });
    expect(theirs.exitCode, theirs.stderr).toBe(0);
    const wrong = variant(dir, 'alice-wrong.properties', {
      'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="not-alices";',
    });
    const refused = await cli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', wrong, '--timeout', '8000']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^error: authentication failed/);
    const [ours, kafka] = await Promise.all([
      cli(['configs', '--describe', '--entity-type', 'users', '--entity-name', 'alice'], { cwd: dir }),
      runKafkaTool(
        'kafka.admin.ConfigCommand',
        ['--bootstrap-server', bootstrap, '--command-config', join(dir, 'admin.properties'), '--describe', '--entity-type', 'users', '--entity-name', 'alice'],
        { timeoutMs: 90_000 },
      ),
    ]);
    expect(ours.stdout).toBe("SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-512=iterations=8192\n");
    expect(ours.stdout).toBe(kafka.stdout);
    for (const r of [set, listed, refused, ours]) expect(r.stdout + r.stderr).not.toContain('alice-lab-pw-1');
  }, 180_000);

  it('K07 a wrong password is one line with a hint, exit 1, quickly', async () => {
    const wrong = variant(dir, 'wrong.properties', {
      'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="client" password="not-it";',
    });
    const r = await cli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', wrong, '--timeout', '8000']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: authentication failed at 127\.0\.0\.1:\d+.*: wrong user name or password\n/);
    expect(r.stderr).toMatch(/\nhint: Check sasl\.mechanism and the username\/password/);
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('K08 a mechanism the broker does not enable is one line with a hint, exit 1; one kafka-lab does not know is a usage error', async () => {
    const plain = variant(dir, 'plain.properties', {
      'sasl.mechanism': 'PLAIN',
      'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required username="client" password="x";',
    });
    const r = await cli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', plain, '--timeout', '8000']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: authentication failed at .*: the broker does not accept this SASL mechanism\nhint: Set sasl\.mechanism/);
    expect(r.ms).toBeLessThan(10_000);
    const gssapi = variant(dir, 'gssapi.properties', { 'sasl.mechanism': 'GSSAPI' });
    const u = await cli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', gssapi]);
    expect(u.exitCode).toBe(1); // a wrong --command-config file: kind invalid-config (docs/errors.md K06)
    expect(u.stderr).toMatch(/^error: Error while executing topic command : sasl\.mechanism=GSSAPI is not supported by kafka-lab/);
  });
});

describe('a 1-broker sasl-ssl lab (KRaft)', () => {
  const dir = join(root, 'ssl');
  let bootstrap = '';
  let port = 0;

  beforeAll(async () => {
    port = await freePortBlock((b) => [b, b + 100]);
    const made = await cli([
      'cluster-scaffold',
      '--security',
      'sasl-ssl',
      '--brokers',
      '1',
      '--mode',
      'kraft',
      '--kafka-version',
      '3.9.2',
      '--dir',
      dir,
      '--base-port',
      String(port),
      '--heap',
      '384m',
    ]);
    expect(made.exitCode, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/generated with openssl/);
    labs.push(dir);
    bootstrap = `127.0.0.1:${port}`;
    const up = await cli(['cluster', 'up', '--dir', dir]);
    expect(up.exitCode, up.stderr + up.stdout).toBe(0);
  }, 240_000);

  it('keeps keys owner-only inside the lab folder', () => {
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'secrets', 'broker-1.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets', 'ca.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'secrets', 'broker-1.pem'), 'utf8')).toMatch(/BEGIN ENCRYPTED PRIVATE KEY[\s\S]*BEGIN CERTIFICATE[\s\S]*BEGIN CERTIFICATE/);
  });

  it('topics, console-producer, console-consumer and consumer-groups work over SASL_SSL', async () => {
    expect((await cli(['topics', '--create', '--topic', 'tls-events'], { cwd: dir })).exitCode).toBe(0);
    const produced = await cli(['console-producer', '--topic', 'tls-events'], { cwd: dir, input: 'alpha\nbeta\n' });
    expect(produced.exitCode, produced.stderr).toBe(0);
    const consumed = await cli(['console-consumer', '--topic', 'tls-events', '--from-beginning', '--group', 'tls-readers', '--max-messages', '2'], {
      cwd: dir,
    });
    expect(consumed).toMatchObject({ exitCode: 0, stdout: 'alpha\nbeta\n' });
    const groups = await cli(['consumer-groups', '--list'], { cwd: dir });
    expect(groups.stdout.split('\n')).toContain('tls-readers');
  });

  it("Kafka's own console consumer reads it with the generated admin.properties (PEM truststore)", async () => {
    const r = await runKafkaTool(
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      [
        '--bootstrap-server',
        bootstrap,
        '--topic',
        'tls-events',
        '--from-beginning',
        '--max-messages',
        '2',
        '--timeout-ms',
        '30000',
        '--consumer.config',
        join(dir, 'admin.properties'),
      ],
      { timeoutMs: 90_000 },
    );
    expect(r.stdout, r.stderr).toBe('alpha\nbeta\n');
  });

  it("StandardAuthorizer (KRaft): ACLs from kafka-lab are what Kafka 3.9's kafka-acls lists; metadata-quorum and features print Kafka 3.9's text", async () => {
    const admin = join(dir, 'admin.properties');
    const tool = (cls: string, args: string[]) =>
      runKafkaTool(cls, ['--bootstrap-server', bootstrap, '--command-config', admin, ...args], { timeoutMs: 90_000 });
    const add = await cli(
      [
        'acls',
        '--add',
        '--allow-principal',
        'User:client',
        '--deny-principal',
        'User:mallory',
        '--operation',
        'Read',
        '--operation',
        'Describe',
        '--topic',
        'tls-',
        '--resource-pattern-type',
        'prefixed',
      ],
      {
        cwd: dir,
      },
    );
    expect(add.exitCode, add.stderr).toBe(0);
    const listed = await eventually(
      () => cli(['acls', '--list'], { cwd: dir }),
      (r) => r.stdout.includes('mallory'),
    );
    const [theirs, status, theirStatus, features, theirFeatures] = await Promise.all([
      tool('kafka.admin.AclCommand', ['--list']),
      cli(['metadata-quorum', 'describe', '--status'], { cwd: dir }),
      tool('org.apache.kafka.tools.MetadataQuorumCommand', ['describe', '--status']),
      cli(['features', 'describe'], { cwd: dir }),
      tool('org.apache.kafka.tools.FeatureCommand', ['describe']),
    ]);
    expect(aclBlocks(listed.stdout)).toEqual(aclBlocks(theirs.stdout));
    expect(listed.stdout).toContain('(principal=User:mallory, host=*, operation=READ, permissionType=DENY)');
    const steady = (t: string) => t.replace(/^(HighWatermark|MaxFollowerLag|MaxFollowerLagTimeMs):( +)-?\d+$/gm, '$1:$2N').replace(/Epoch: \d+/g, 'Epoch: N');
    expect(steady(status.stdout)).toBe(steady(theirStatus.stdout));
    // Kafka 3.9 names a voter's directory, null when it has none
    expect(status.stdout).toMatch(/^CurrentVoters: {10}\[\{"id": 1, "directoryId": (null|"\S{22}"), "endpoints": \["CONTROLLER:\/\/127\.0\.0\.1:\d+"\]\}\]$/m);
    expect(steady(features.stdout)).toBe(steady(theirFeatures.stdout));
    expect(features.stdout).toMatch(
      /^Feature: metadata\.version\tSupportedMinVersion: 3\.0-IV1\tSupportedMaxVersion: 3\.9-IV0\tFinalizedVersionLevel: 3\.9-IV0\tEpoch: \d+$/m,
    );
  }, 180_000);

  it('an untrusted CA is one line with a hint, exit 1', async () => {
    const other = generateCa(join(root, 'other-ca'), 'some other CA');
    const f = variant(dir, 'untrusted.properties', { 'ssl.truststore.location': other.cert });
    const r = await cli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', f, '--timeout', '8000']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /^error: cannot connect to Kafka at 127\.0\.0\.1:\d+: TLS: the broker's certificate is not trusted .*\nhint: Point ssl\.truststore\.location/,
    );
    expect(r.ms).toBeLessThan(10_000);
  });

  it('a host name the certificate does not list is one line with a hint, exit 1', async () => {
    const r = await cli([
      'topics',
      '--list',
      '--bootstrap-server',
      `localhost:${port}`,
      '--command-config',
      variant(dir, 'good.properties', {}),
      '--timeout',
      '8000',
    ]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot connect to Kafka at localhost:\d+: TLS: host name mismatch .*\nhint: Connect with a name the certificate lists/);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('a plaintext client against the TLS listener is one line with a hint, exit 1', async () => {
    const r = await cli(['topics', '--list', '--bootstrap-server', bootstrap, '--timeout', '8000'], { cwd: root });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot connect to Kafka at 127\.0\.0\.1:\d+: the broker closed the connection\nhint: The listener may need TLS or SASL/);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('a TLS client against a plaintext listener is one line with a hint, exit 1', async () => {
    const f = variant(dir, 'tls-only.properties', { 'security.protocol': 'SSL', 'sasl.mechanism': undefined, 'sasl.jaas.config': undefined });
    const r = await cli(['topics', '--list', '--bootstrap-server', inject('bootstrap'), '--command-config', f, '--timeout', '8000'], { cwd: root });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /^error: cannot connect to Kafka at .*: TLS handshake failed: the listener does not speak TLS\nhint: Use security\.protocol=PLAINTEXT/,
    );
    expect(r.ms).toBeLessThan(10_000);
  });

  it('--verbose runs show no password either', async () => {
    const r = await cli(['topics', '--list', '--verbose'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toContain('tls-events');
    // --verbose logs one line per request, never a secret
    expect(r.stderr).not.toMatch(/password="/);
    // a failing run prints its stack traces with --verbose: no password in them either
    const jaas = parseProperties(readFileSync(join(dir, 'client.properties'), 'utf8')).get('sasl.jaas.config')!;
    const wrong = variant(dir, 'wrong-verbose.properties', { 'sasl.jaas.config': jaas.replace(/password="[^"]*"/, 'password="verbose-secret-4711"') });
    const bad = await cli(['topics', '--list', '--bootstrap-server', bootstrap, '--command-config', wrong, '--timeout', '8000', '--verbose']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/^error: authentication failed at /);
    expect(bad.stderr).toMatch(/\n\s+at /);
    expect(bad.stderr + bad.stdout).not.toContain('verbose-secret-4711');
  });
});

describe('secrets', () => {
  it("no generated password appears in anything kafka-lab printed during the run, nor in the servers' logs", () => {
    const serverLogs = ['scram', 'ssl'].flatMap((lab) => {
      const logs = join(root, lab, 'logs');
      return (readdirSync(logs, { recursive: true }) as string[])
        .map((f) => join(logs, f))
        .filter((f) => statSync(f).isFile())
        .map((f) => readFileSync(f, 'utf8'));
    });
    expect(serverLogs.join('')).toMatch(/ssl\.key\.password = \[hidden\]/);
    const all = [...transcript, ...serverLogs].join('\n');
    expect(all.length).toBeGreaterThan(1000);
    const passwords = [...passwordsOf(join(root, 'scram')), ...passwordsOf(join(root, 'ssl'))];
    expect(passwords).toHaveLength(5);
    for (const p of passwords) expect(all.includes(p), `password ${p.slice(0, 3)}... leaked`).toBe(false);
  });
});
