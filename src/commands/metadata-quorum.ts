import * as q from '../admin/quorum.js';
import { describeFeatures, describeQuorum, type ReplicaState } from '../client/admin-cluster.js';
import { connectionOptions } from '../client/connection.js';
import { KafkaClientError } from '../client/errors.js';
import { openAdmin } from '../client/session.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { OUTPUT_FORMATS, present, write, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'metadata-quorum [action]',
  describe: "The KRaft metadata quorum (Kafka's kafka-metadata-quorum): describe --status | --replication",
  builder: (y) =>
    connectionOptions(y)
      .positional('action', { type: 'string', describe: 'describe' })
      .option('status', { type: 'boolean', describe: 'leader, epoch, high watermark, follower lag, voters and observers' })
      .option('replication', { type: 'boolean', describe: "each voter's and observer's log end offset, lag and last fetch" })
      .option('human-readable', { type: 'boolean', describe: 'with --replication: times as "N ms ago"' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'text' as OutputFormat, describe: "text (Kafka's), table or json" })
      .example(
        'kafka-lab metadata-quorum --bootstrap-server localhost:9092 describe --status',
        'who leads the KRaft quorum, and how far behind the followers are',
      )
      .example('kafka-lab metadata-quorum describe --replication --human-readable', 'one row per controller and broker'),
  handler: async (argv) => {
    if (argv.action !== 'describe')
      throw new UsageError(
        argv.action === undefined ? 'metadata-quorum needs an action: describe' : `unknown action '${argv.action}' for 'metadata-quorum'`,
        'Example: kafka-lab metadata-quorum describe --status (add-controller and remove-controller are not mirrored).',
      );
    if (!argv.status && !argv.replication)
      throw new UsageError(
        'One of --status or --replication must be specified with describe sub-command',
        'Example: kafka-lab metadata-quorum describe --status',
      );
    if (argv.humanReadable && !argv.replication)
      throw new UsageError(
        'The option --human-readable is only supported along with --replication',
        'Example: kafka-lab metadata-quorum describe --replication --human-readable',
      );
    const format = argv.output;
    const s = await openAdmin(argv);
    try {
      const quorum = await s.run(describeQuorum(s.client), { action: 'describe the metadata quorum' }).catch((err: unknown) => {
        const cause = err instanceof Error ? err.cause : undefined;
        if (cause instanceof KafkaClientError && cause.kind === 'unsupported' && cause.detail.apiKey === 55)
          throw new KafkaLabError('this cluster runs in ZooKeeper mode: it has no KRaft metadata quorum', {
            kind: 'unsupported',
            hint: 'kafka-metadata-quorum describes KRaft clusters (a lab: cluster-scaffold --mode kraft); in ZooKeeper mode, kafka-lab zookeeper-shell shows /controller.',
          });
        throw err;
      });
      const major = q.brokerMajor(await s.run(describeFeatures(s.client)));
      if (argv.replication) {
        const rows = q.replicationRows(quorum, Boolean(argv.humanReadable));
        present(format, {
          text: () => '',
          table: () => ({ head: q.REPLICATION_HEAD, rows: rows.map(q.replicationCells) }),
          json: () =>
            rows.map((r) => ({
              nodeId: r.nodeId,
              directoryId: r.directoryId,
              logEndOffset: Number(r.logEndOffset),
              lag: Number(r.lag),
              lastFetchTimestamp: argv.humanReadable ? r.lastFetchTimestamp : Number(r.lastFetchTimestamp),
              lastCaughtUpTimestamp: argv.humanReadable ? r.lastCaughtUpTimestamp : Number(r.lastCaughtUpTimestamp),
              status: r.status,
            })),
        });
        if (format === 'text') write(q.prettyTable(q.REPLICATION_HEAD, rows.map(q.replicationCells)));
        return;
      }
      // the client connects lazily: the cluster id comes with the first metadata answer (Kafka's tool asks DescribeCluster)
      const clusterId = s.client.clusterId ?? (await s.run(s.client.metadata([]))).clusterId ?? '';
      const st = q.quorumStatus(clusterId, quorum);
      const node = (r: ReplicaState) => ({
        id: r.replicaId,
        directoryId: r.directoryId === 'AAAAAAAAAAAAAAAAAAAAAA' ? null : r.directoryId,
        endpoints: quorum.endpoints.get(r.replicaId) ?? [],
      });
      present(format, {
        text: () => '',
        table: () => ({
          head: ['ClusterId', 'LeaderId', 'LeaderEpoch', 'HighWatermark', 'MaxFollowerLag', 'MaxFollowerLagTimeMs', 'Voters', 'Observers'],
          rows: [
            [
              st.clusterId,
              st.leaderId,
              st.leaderEpoch,
              String(st.highWatermark),
              String(st.maxFollowerLag),
              String(st.maxFollowerLagTimeMs),
              quorum.voters.map((v) => v.replicaId).join(','),
              quorum.observers.map((v) => v.replicaId).join(','),
            ],
          ],
        }),
        json: () => ({
          clusterId: st.clusterId,
          leaderId: st.leaderId,
          leaderEpoch: st.leaderEpoch,
          highWatermark: Number(st.highWatermark),
          maxFollowerLag: Number(st.maxFollowerLag),
          maxFollowerLagTimeMs: Number(st.maxFollowerLagTimeMs),
          voters: quorum.voters.map(node),
          observers: quorum.observers.map(node),
        }),
      });
      if (format === 'text') write(q.statusText(clusterId, quorum, major));
    } finally {
      await s.close();
    }
  },
});
