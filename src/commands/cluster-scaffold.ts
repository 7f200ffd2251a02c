import { join, resolve } from 'node:path';
import {
  LAST_ZOOKEEPER_KAFKA,
  SECRETS_DIR,
  scaffoldCluster,
  usesTls,
  validateScaffoldOptions,
  type ScaffoldOptions,
  type SecurityMode,
} from '../cluster/scaffold.js';
import { newPassword } from '../cluster/secrets.js';
import { generateLabTls, tlsFiles } from '../cluster/tls.js';
import { portsInUse, writeScaffold } from '../cluster/write-scaffold.js';
import { DEFAULT_KAFKA_VERSION, listServers, randomClusterId } from '../engine/index.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { colour, out, warn } from '../output/output.js';
import { defineCommand } from './types.js';

export interface ScaffoldArgv {
  brokers: number;
  dir: string;
  mode: 'zookeeper' | 'kraft';
  basePort?: number;
  portStep?: number;
  zookeeperPort?: number;
  controllerPort?: number;
  partitions?: number;
  replicationFactor?: number;
  heap?: string;
  kafkaVersion?: string;
  security?: SecurityMode;
}

/** What a plan draws at random or reads from the clock, passed in so that the plan stays pure. */
export interface ScaffoldSources {
  clusterId: () => string;
  password: () => string;
  now: () => string;
}

/** The options of cluster-scaffold as the generator's options: defaults, cluster id, passwords, TLS file names; checked. */
export function scaffoldPlan(argv: ScaffoldArgv, sources: ScaffoldSources): ScaffoldOptions {
  const dir = resolve(argv.dir);
  const security = argv.security ?? 'plaintext';
  const options: ScaffoldOptions = {
    brokers: argv.brokers,
    dir,
    mode: argv.mode,
    engineVersion: argv.kafkaVersion ?? (argv.mode === 'zookeeper' ? LAST_ZOOKEEPER_KAFKA : DEFAULT_KAFKA_VERSION),
    basePort: argv.basePort,
    portStep: argv.portStep,
    zookeeperPort: argv.zookeeperPort,
    controllerBasePort: argv.controllerPort,
    partitions: argv.partitions,
    replicationFactor: argv.replicationFactor,
    heap: argv.heap,
    clusterId: argv.mode === 'kraft' ? sources.clusterId() : undefined,
    createdAt: sources.now(),
    security,
  };
  const problem = validateScaffoldOptions(options);
  if (problem) throw new UsageError(problem, 'kafka-lab cluster-scaffold --help shows the options.');
  if (security !== 'plaintext') {
    options.secrets = {
      adminPassword: sources.password(),
      clientPassword: sources.password(),
      ...(usesTls(security) ? { keyPassword: sources.password() } : {}),
    };
  }
  if (usesTls(security)) options.tls = tlsFiles(join(dir, SECRETS_DIR));
  return options;
}

export default defineCommand({
  command: 'cluster-scaffold',
  describe: 'Generate a multi-broker lab folder: ZooKeeper/KRaft configs with distinct ids, ports and log dirs',
  builder: (y) =>
    y
      .option('brokers', { type: 'number', default: 3, describe: 'number of brokers (1-9)' })
      .option('dir', { type: 'string', demandOption: true, describe: 'lab folder to create' })
      .option('mode', {
        choices: ['zookeeper', 'kraft'] as const,
        default: 'zookeeper' as 'zookeeper' | 'kraft',
        describe: 'ZooKeeper + brokers (the classic lab), or combined KRaft broker+controller nodes',
      })
      .option('base-port', { type: 'number', default: 9092, describe: 'client port of broker 1' })
      .option('port-step', { type: 'number', default: 1, describe: 'distance between the ports of consecutive brokers' })
      .option('zookeeper-port', { type: 'number', default: 2181, describe: "ZooKeeper's clientPort (ZooKeeper mode)" })
      .option('controller-port', { type: 'number', describe: 'controller port of node 1 (KRaft mode; default base-port + 100)' })
      .option('partitions', { type: 'number', describe: 'num.partitions for new topics (default: number of brokers)' })
      .option('replication-factor', { type: 'number', describe: 'default.replication.factor (default: min(3, brokers))' })
      .option('heap', { type: 'string', default: '512m', describe: 'JVM heap of each server, used by cluster up' })
      .option('kafka-version', { type: 'string', describe: 'Kafka engine version (default 3.9.2, the newest with ZooKeeper mode; use 4.x for KRaft only)' })
      .option('security', {
        choices: ['plaintext', 'sasl-plain', 'sasl-scram', 'ssl', 'sasl-ssl'] as const,
        default: 'plaintext' as 'plaintext' | 'sasl-plain' | 'sasl-scram' | 'ssl' | 'sasl-ssl',
        describe: 'listener security: SASL users with generated passwords, TLS with a local CA (openssl); writes client.properties',
      })
      .option('force', { type: 'boolean', default: false, describe: 'overwrite an existing lab in --dir (deletes its data)' })
      .example('kafka-lab cluster-scaffold --brokers 3 --dir lab', 'ZooKeeper + 3 brokers on ports 2181, 9092-9094')
      .example('kafka-lab cluster-scaffold --brokers 3 --mode kraft --dir kraft-lab --base-port 19092', 'three combined KRaft nodes, no ZooKeeper')
      .example(
        'kafka-lab cluster-scaffold --security sasl-ssl --brokers 3 --dir secure-lab',
        'SCRAM users over TLS; clients connect with secure-lab/client.properties',
      ),
  handler: async (argv) => {
    const options = scaffoldPlan(argv, { clusterId: randomClusterId, password: newPassword, now: () => new Date().toISOString() });
    const { dir, engineVersion, mode } = options;
    // check (and refuse to overwrite) before any certificate is generated
    const scaffold = scaffoldCluster(options);
    if (argv.force) {
      // overwriting deletes the data directories: never under a running server
      const running = (await listServers()).filter((s) => s.alive && s.configFile.startsWith(`${dir}/`));
      if (running.length > 0) {
        throw new KafkaLabError(`the lab in ${dir} is running (${running.length} process${running.length > 1 ? 'es' : ''})`, {
          kind: 'process',
          hint: `Stop it first: kafka-lab cluster down --dir ${argv.dir}`,
        });
      }
    }
    writeScaffold(scaffold, dir, argv.force);
    const tls = options.tls
      ? generateLabTls(
          join(dir, SECRETS_DIR),
          scaffold.manifest.nodes.map((n) => n.id),
          options.secrets!.keyPassword!,
        )
      : undefined;
    for (const p of await portsInUse(scaffold.ports)) {
      warn(`port ${p.port} (${p.owner}) is in use right now; free it before 'kafka-lab cluster up', or scaffold again with another --base-port`);
    }
    const c = colour();
    const m = scaffold.manifest;
    out(c.bold(`Created a ${m.nodes.length}-broker ${mode === 'kraft' ? 'KRaft' : 'ZooKeeper-mode'} lab in ${dir} (Kafka ${engineVersion})`));
    for (const f of scaffold.files) out(`  ${f.name}`);
    out('');
    out(`Bootstrap servers: ${m.bootstrapServers} (saved in .kafka-lab-profile.json for commands run in ${dir})`);
    if (m.security) {
      out(
        `Security: ${m.security}. Users "admin" and "client" have generated passwords (never printed): see client.properties and admin.properties (mode 0600).`,
      );
      if (tls) out(`TLS: a local CA (${tls.caCert}) and broker certificates for 127.0.0.1, generated with openssl.`);
      out(`Kafka's own tools connect with: --command-config ${join(dir, m.adminConfig ?? m.clientConfig!)} (or --consumer.config / --producer.config)`);
      if (m.authorizer) out(`ACLs: the brokers run ${m.authorizer}; admin is a super user, "client" starts with no rights (kafka-lab acls --add ...).`);
    }
    out(`Start it all at once:  kafka-lab cluster up --dir ${argv.dir}`);
    out('');
    out(scaffold.terminals);
  },
});
