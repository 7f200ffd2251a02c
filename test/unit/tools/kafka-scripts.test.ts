/**
 * Kafka's scripts and old command lines (issue 12 #4, #6, #7, #8, #15): the table of scripts
 * against the command registry, kafka-run-class's own flags, the legacy-flag rewrites, and the
 * hints computed from Kafka's messages and paths.
 */
import { describe, expect, it } from 'vitest';
import { findCommand } from '../../../src/commands/registry.js';
import { planRunClass } from '../../../src/commands/kafka-run-class.js';
import { storageHint } from '../../../src/commands/storage.js';
import { notMirroredError, runClassLine } from '../../../src/commands/unknown.js';
import { BROKER_SETTINGS, ZOOKEEPER_SETTINGS, misspeltSetting } from '../../../src/config/known-settings.js';
import { hints } from '../../../src/hints.js';
import { KAFKA_SCRIPTS, kafkaScript, notMirrored, scriptClass } from '../../../src/kafka-scripts.js';
import { LEGACY_FLAGS, legacyFlagError, rewriteLegacy } from '../../../src/legacy-flags.js';

const mirrored = (n: string) => findCommand(n) !== undefined;

describe("Kafka's scripts", () => {
  it('are recognised however they are typed', () => {
    for (const typed of ['kafka-cluster.sh', 'bin/kafka-cluster.sh', './bin/kafka-cluster.sh', '/opt/kafka/bin/kafka-cluster.sh', 'kafka-cluster']) {
      expect(kafkaScript(typed)?.name, typed).toBe('kafka-cluster');
    }
    expect(kafkaScript('kafka-topicz.sh')).toBeUndefined();
  });
  it('not mirrored = the table minus what the registry knows, so it follows the registry', () => {
    const names = notMirrored(mirrored).map((s) => s.name);
    expect(names).toContain('kafka-cluster');
    expect(names).toContain('kafka-replica-verification');
    expect(names).not.toContain('kafka-verifiable-producer');
    for (const m of ['kafka-topics', 'kafka-console-producer', 'kafka-run-class', 'zookeeper-shell', 'connect-standalone']) expect(names).not.toContain(m);
    // every script is either mirrored or answered as not mirrored, none both
    expect(notMirrored(() => true)).toEqual([]);
    expect(notMirrored(() => false)).toHaveLength(KAFKA_SCRIPTS.length);
    // a mirrored script name reaches its command through the registry (the lead's registry aliases)
    for (const s of KAFKA_SCRIPTS.filter((x) => !names.includes(x.name))) expect(mirrored(`${s.name}.sh`) || mirrored(s.name), s.name).toBe(true);
  });
  it('knows the class per Kafka line (tools moved between 3.9 and 4.x)', () => {
    expect(scriptClass(kafkaScript('kafka-acls')!, '3.9.2')).toBe('kafka.admin.AclCommand');
    expect(scriptClass(kafkaScript('kafka-acls')!, '4.1.2')).toBe('org.apache.kafka.tools.AclCommand');
    expect(scriptClass(kafkaScript('kafka-groups')!, '3.9.2')).toBeUndefined();
    expect(scriptClass(kafkaScript('kafka-mirror-maker')!, '4.1.2')).toBeUndefined();
  });
  it('picks an installed engine that has the class, quoting arguments for a shell', () => {
    const engines = [
      { version: '3.9.2', isDefault: true },
      { version: '4.1.2', isDefault: false },
    ];
    expect(runClassLine(kafkaScript('kafka-cluster')!, ['cluster-id'], engines).line).toBe(
      'kafka-lab kafka-run-class org.apache.kafka.tools.ClusterTool cluster-id',
    );
    expect(runClassLine(kafkaScript('kafka-groups')!, ['--list'], engines).line).toBe(
      'kafka-lab kafka-run-class --engine 4.1.2 org.apache.kafka.tools.GroupsCommand --list',
    );
    expect(notMirroredError('kafka-mirror-maker.sh', kafkaScript('kafka-mirror-maker')!, ['--whitelist', '.*'], engines).hint).toBe(
      "Kafka's own tool runs from the installed engine: kafka-lab kafka-run-class kafka.tools.MirrorMaker --whitelist '.*'",
    );
  });
});

describe('kafka-run-class flags', () => {
  it("takes kafka-run-class.sh's leading flags and --engine, then the class and its own arguments untouched", () => {
    expect(planRunClass(['-name', 'tool', '-loggc', '--engine', '4.1.2', 'org.X', '-name', '--engine', 'y'])).toEqual({
      mainClass: 'org.X',
      args: ['-name', '--engine', 'y'],
      engine: '4.1.2',
      gcLogName: 'tool',
    });
    expect(planRunClass(['org.X'])).toEqual({ mainClass: 'org.X', args: [], engine: undefined, gcLogName: undefined });
    expect(() => planRunClass(['--engine'])).toThrow('--engine needs a Kafka version');
  });
});

describe('legacy flags', () => {
  it('are one table: removed ones answered, the ones Kafka 3.9 still takes accepted', () => {
    expect(LEGACY_FLAGS.filter((l) => l.accepted).map((l) => `${l.commands.join('/')} ${l.flag}`)).toEqual([
      'console-producer --broker-list',
      'consumer-perf-test --broker-list',
      'get-offsets --broker-list',
      'console-consumer --whitelist',
      'consumer-perf-test --threads',
      'consumer-perf-test --num-fetch-threads',
    ]);
    expect(legacyFlagError('consumer-perf-test', ['--broker-list', 'b:1'])).toBeUndefined();
    expect(legacyFlagError('topics', ['--list', '--', '--zookeeper'])).toBeUndefined();
  });
  it('rewrite the command line: --zookeeper HOST becomes --bootstrap-server, --broker-list keeps its value', () => {
    const zk = LEGACY_FLAGS.find((l) => l.flag === '--zookeeper' && l.commands.includes('topics'))!;
    expect(rewriteLegacy('topics', ['--list', '--zookeeper=localhost:2181'], zk)).toBe('kafka-lab topics --list --bootstrap-server localhost:9092');
    // already given: the legacy flag just goes
    expect(rewriteLegacy('topics', ['--list', '--zookeeper', 'zk:2181', '--bootstrap-server', 'b:1'], zk)).toBe(
      'kafka-lab topics --list --bootstrap-server b:1',
    );
    const bl = LEGACY_FLAGS.find((l) => l.flag === '--broker-list' && l.commands.includes('topics'))!;
    expect(rewriteLegacy('topics', ['--broker-list', 'b:1', '--describe'], bl)).toBe('kafka-lab topics --bootstrap-server b:1 --describe');
  });
});

describe("hints from Kafka's messages and paths", () => {
  it('storage format on a dynamic quorum: --standalone', () => {
    const msg =
      'Because controller.quorum.voters is not set on this controller, you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers.';
    expect(storageHint('format', msg, { configFile: 'server.properties', clusterId: 'abc' })).toBe(
      'This config names its quorum with controller.quorum.bootstrap.servers (a dynamic quorum): format its first controller with --standalone: kafka-lab storage format --standalone -t abc -c server.properties',
    );
    expect(
      storageHint('format', 'Log directory /x is already formatted. Use --ignore-formatted to ignore this directory and format the others.', {
        configFile: 'f',
      }),
    ).toMatch(/^Add --ignore-formatted/);
  });
  it("quickstart config paths map to kafka-lab's templates", () => {
    expect(hints.quickstartConfig('config/server.properties')).toBe(
      "kafka-lab has no config/ folder of Kafka's; write this file from its template: mkdir -p config && kafka-lab config print server > config/server.properties",
    );
    expect(hints.quickstartConfig('config/kraft/reconfig-server.properties')).toMatch(
      /config print kraft\/server > config\/kraft\/reconfig-server\.properties$/,
    );
    expect(hints.quickstartConfig('my/server.properties')).toBeUndefined();
    expect(hints.quickstartConfig('config/broker.properties')).toBeUndefined();
  });
  it('a misspelt setting is found only when it is close to a known one the file does not set', () => {
    expect(misspeltSetting('listners', BROKER_SETTINGS, new Set())).toBe('listeners');
    expect(misspeltSetting('log.retention.hour', BROKER_SETTINGS, new Set())).toBe('log.retention.hours');
    expect(misspeltSetting('clientport', ZOOKEEPER_SETTINGS, new Set())).toBe('clientPort');
    expect(misspeltSetting('listeners', BROKER_SETTINGS, new Set())).toBeUndefined();
    expect(misspeltSetting('listener.name.sasl_plaintext.plain.sasl.jaas.config', BROKER_SETTINGS, new Set())).toBeUndefined();
    expect(misspeltSetting('my.own.setting', BROKER_SETTINGS, new Set())).toBeUndefined();
    // log.dir and log.dirs are both Kafka's
    expect(misspeltSetting('log.dir', BROKER_SETTINGS, new Set(['log.dirs']))).toBeUndefined();
  });
});
