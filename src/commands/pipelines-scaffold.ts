import { resolve } from 'node:path';
import { portsInUse, writeScaffold } from '../cluster/write-scaffold.js';
import { DEFAULT_KAFKA_VERSION, listServers, randomClusterId } from '../engine/index.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { currentEnv } from '../output/io.js';
import { colour, out, spinner, warn } from '../output/output.js';
import { pluginsDir } from '../paths.js';
import { clearPrevious, labDbDir, previousPipelines } from '../pipelines/db-dir.js';
import { installLabPlugins, linkLabPlugins, syncManifests } from '../pipelines/plugins.js';
import { pipelineProcesses, recordOfPipeline } from '../pipelines/processes.js';
import { scaffoldPipelines, validatePipelinesOptions } from '../pipelines/scaffold.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'pipelines-scaffold',
  describe: 'Generate a data-lake lab: brokers, a database with CDC, HDFS, mosquitto, an ingest and a lake Connect worker, connector files',
  builder: (y) =>
    y
      .option('dir', { type: 'string', demandOption: true, describe: 'lab folder to create' })
      .option('db', { choices: ['postgres', 'mariadb'] as const, default: 'postgres' as 'postgres' | 'mariadb', describe: 'the database whose rows flow in' })
      .option('lake', {
        choices: ['hdfs', 'local'] as const,
        default: 'hdfs' as 'hdfs' | 'local',
        describe: 'where the Iceberg tables go: a single-node HDFS, or a local folder (file://)',
      })
      .option('mode', {
        choices: ['zookeeper', 'kraft'] as const,
        default: 'zookeeper' as 'zookeeper' | 'kraft',
        describe: 'ZooKeeper + brokers, or combined KRaft broker+controller nodes',
      })
      .option('brokers', { type: 'number', default: 1, describe: 'number of brokers (1-9)' })
      .option('base-port', {
        type: 'number',
        describe: 'put every port of the lab in BASE..BASE+29 (default: the usual ports: 9092, 2181, 5433/3307, 1883, 8083-8084, HDFS 8020 ...)',
      })
      .option('heap', { type: 'string', default: '512m', describe: 'JVM heap of each broker' })
      .option('worker-heap', { type: 'string', default: '512m', describe: 'JVM heap of each Connect worker' })
      .option('kafka-version', { type: 'string', describe: 'Kafka engine version (default 3.9.2)' })
      .option('install', { type: 'boolean', default: true, describe: 'install the plugins the workers need (--no-install: only link them)' })
      .option('force', { type: 'boolean', default: false, describe: 'overwrite an existing lab in --dir (deletes its data)' })
      .example('kafka-lab pipelines-scaffold --dir lake-lab', 'PostgreSQL rows and device readings into Kafka, Kafka into Iceberg tables on HDFS')
      .example('kafka-lab pipelines-scaffold --dir lake-lab --db mariadb --lake local', 'MariaDB, and the lake in a local folder')
      .example('kafka-lab pipelines-scaffold --dir lake-lab --base-port 30000', 'every port from 30000 on (two labs side by side)'),
  handler: async (argv) => {
    const dir = resolve(argv.dir);
    const engineVersion = argv.kafkaVersion ?? DEFAULT_KAFKA_VERSION;
    const options = {
      dir,
      mode: argv.mode,
      engineVersion,
      brokers: argv.brokers,
      db: argv.db,
      lake: argv.lake,
      basePort: argv.basePort,
      heap: argv.heap,
      workerHeap: argv.workerHeap,
      clusterId: argv.mode === 'kraft' ? randomClusterId() : undefined,
      createdAt: new Date().toISOString(),
      dbDir: labDbDir(argv.db, dir),
      pluginsHome: pluginsDir(),
    };
    const problem = validatePipelinesOptions(options);
    if (problem) throw new UsageError(problem, 'kafka-lab pipelines-scaffold --help shows the options.');
    const scaffold = scaffoldPipelines(options);
    const previous = previousPipelines(dir);
    if (argv.force) {
      // overwriting deletes the data: never under a running server of this lab
      const servers = (await listServers()).filter((s) => s.alive);
      const mine = servers.filter(
        (s) => s.configFile.startsWith(`${dir}/`) || (previous && pipelineProcesses(previous).some((x) => recordOfPipeline(x, [s]) !== undefined)),
      );
      if (mine.length > 0)
        throw new KafkaLabError(`the lab in ${dir} is running (${mine.length} process${mine.length > 1 ? 'es' : ''})`, {
          kind: 'process',
          hint: `Stop it first: kafka-lab cluster down --dir ${argv.dir}`,
        });
    }
    writeScaffold(scaffold, dir, argv.force);
    if (argv.force && previous) clearPrevious(previous, scaffold.manifest.pipelines!);

    const env = currentEnv();
    const plugins = [...new Set(scaffold.links.map((l) => l.target.split('/').pop()!))];
    if (argv.install) {
      const spin = await spinner(`installing the plugins: ${plugins.join(', ')}`);
      try {
        const r = await installLabPlugins(dir, scaffold.links, { engineVersion, env, onProgress: (t) => spin.update(t) });
        await syncManifests(scaffold.manifest.pipelines!, { engineVersion, env, onProgress: (t) => spin.update(t) });
        spin.succeed(
          r.installed.length > 0
            ? `plugins installed: ${r.installed.join(', ')}${r.present.length > 0 ? ` (already there: ${r.present.join(', ')})` : ''}`
            : `plugins already installed: ${r.present.join(', ')}`,
        );
      } catch (err) {
        spin.fail('installing the plugins failed');
        throw err;
      }
    } else {
      linkLabPlugins(dir, scaffold.links);
      warn(`plugins not installed (--no-install): kafka-lab plugin install ${plugins.join(' / ')} before cluster up`);
    }

    for (const p of await portsInUse(scaffold.ports)) {
      warn(`port ${p.port} (${p.owner}) is in use right now; free it before 'kafka-lab cluster up', or scaffold again with another --base-port`);
    }
    const c = colour();
    const m = scaffold.manifest;
    const p = m.pipelines!;
    out(
      c.bold(
        `Created a data-lake lab in ${dir}: ${m.nodes.length} ${m.mode === 'kraft' ? 'KRaft node' : 'broker'}${m.nodes.length > 1 ? 's' : ''} (Kafka ${engineVersion}), ${p.db.kind === 'postgres' ? 'PostgreSQL' : 'MariaDB'}, ${p.lake.kind === 'hdfs' ? 'HDFS' : 'a local lake folder'}, mosquitto, two Connect workers`,
      ),
    );
    for (const f of scaffold.files) out(`  ${f.name}`);
    for (const l of scaffold.links) out(`  ${l.name} -> ${l.target}`);
    if (p.db.dir !== resolve(dir, 'db')) out(`  (the database lives in ${p.db.dir}: the postgres user cannot reach ${dir})`);
    out('');
    out(`Start it all at once:  kafka-lab cluster up --dir ${argv.dir}`);
    out(`Then:                  kafka-lab cluster status --dir ${argv.dir}`);
    out('');
    out(scaffold.terminals);
  },
});
