import { resolve } from 'node:path';
import { KafkaLabError, UsageError } from '../errors.js';
import { colour, out, warn } from '../output/output.js';
import { defineCommand } from './types.js';

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
    const { scaffoldCluster, validateScaffoldOptions, LAST_ZOOKEEPER_KAFKA } = await import('../cluster/scaffold.js');
    const { writeScaffold, portsInUse } = await import('../cluster/write-scaffold.js');
    const { randomClusterId, DEFAULT_KAFKA_VERSION } = await import('../engine/index.js');
    const dir = resolve(argv.dir);
    const mode = argv.mode;
    const engineVersion = argv.kafkaVersion ?? (mode === 'zookeeper' ? LAST_ZOOKEEPER_KAFKA : DEFAULT_KAFKA_VERSION);
    const options = {
      brokers: argv.brokers,
      dir,
      mode,
      engineVersion,
      basePort: argv.basePort,
      portStep: argv.portStep,
      zookeeperPort: argv.zookeeperPort,
      controllerBasePort: argv.controllerPort,
      partitions: argv.partitions,
      replicationFactor: argv.replicationFactor,
      heap: argv.heap,
      clusterId: mode === 'kraft' ? randomClusterId() : undefined,
      createdAt: new Date().toISOString(),
      security: argv.security,
    };
    const problem = validateScaffoldOptions(options);
    if (problem) throw new UsageError(problem, 'kafka-lab cluster-scaffold --help shows the options.');
    const { join } = await import('node:path');
    const { SECRETS_DIR, usesTls } = await import('../cluster/scaffold.js');
    let secrets: { adminPassword: string; clientPassword: string; keyPassword?: string } | undefined;
    let tls: ReturnType<typeof import('../cluster/tls.js').generateLabTls> | undefined;
    if (options.security !== 'plaintext') {
      const { newPassword } = await import('../cluster/secrets.js');
      secrets = { adminPassword: newPassword(), clientPassword: newPassword(), ...(usesTls(options.security) ? { keyPassword: newPassword() } : {}) };
    }
    const scaffoldOptions = { ...options, secrets };
    // check (and refuse to overwrite) before any certificate is generated
    const { tlsFiles } = await import('../cluster/tls.js');
    if (usesTls(options.security)) Object.assign(scaffoldOptions, { tls: tlsFiles(join(dir, SECRETS_DIR)) });
    const scaffold = scaffoldCluster(scaffoldOptions);
    if (argv.force) {
      // overwriting deletes the data directories: never under a running server
      const { listServers } = await import('../engine/index.js');
      const running = (await listServers()).filter((s) => s.alive && s.configFile.startsWith(`${dir}/`));
      if (running.length > 0) {
        throw new KafkaLabError(`the lab in ${dir} is running (${running.length} process${running.length > 1 ? 'es' : ''})`, {
          kind: 'process',
          hint: `Stop it first: kafka-lab cluster down --dir ${argv.dir}`,
        });
      }
    }
    writeScaffold(scaffold, dir, argv.force);
    if (usesTls(options.security)) {
      const { generateLabTls } = await import('../cluster/tls.js');
      tls = generateLabTls(
        join(dir, SECRETS_DIR),
        scaffold.manifest.nodes.map((n) => n.id),
        secrets!.keyPassword!,
      );
    }
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
