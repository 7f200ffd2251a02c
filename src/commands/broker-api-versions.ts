import { API_NAMES, CLIENT_VERSIONS, formatBrokerApiVersions, type BrokerVersions } from '../client/api-versions.js';
import { connectionOptions } from '../client/connection.js';
import { openAdmin } from '../client/session.js';
import { OUTPUT_FORMATS, present, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'broker-api-versions',
  describe: "Each broker's supported API versions (Kafka's kafka-broker-api-versions), and which ones kafka-lab uses",
  builder: (y) =>
    connectionOptions(y)
      .option('output', {
        alias: 'o',
        choices: OUTPUT_FORMATS,
        default: 'text' as OutputFormat,
        describe: 'text (Kafka), table (with what kafka-lab sends), json',
      })
      .example('kafka-lab broker-api-versions --bootstrap-server localhost:9092', "Kafka's text")
      .example('kafka-lab broker-api-versions -o table', 'side by side with the versions kafka-lab sends'),
  handler: async (argv) => {
    const ours = CLIENT_VERSIONS;
    const s = await openAdmin(argv);
    try {
      const meta = await s.run(s.client.metadata([]));
      const brokers = [...meta.brokers].sort((a, b) => a.nodeId - b.nodeId);
      const views: BrokerVersions[] = [];
      for (const b of brokers) {
        const versions = await s.run(s.client.versions(b.nodeId));
        views.push({ host: b.host, port: b.port, nodeId: b.nodeId, rack: b.rack, versions: Object.fromEntries(versions) });
      }
      present(argv.output, {
        text: () => views.map(formatBrokerApiVersions).join('\n'),
        table: () => ({
          head: ['BROKER', 'API', 'KEY', 'BROKER VERSIONS', 'KAFKA-LAB SENDS'],
          rows: views.flatMap((v) =>
            Object.keys(v.versions)
              .map(Number)
              .sort((a, b) => a - b)
              .map((k) => {
                const r = v.versions[k]!;
                const o = ours[k];
                return [`${v.nodeId}`, API_NAMES[k] ?? 'UNKNOWN', k, `${r.minVersion}-${r.maxVersion}`, o ? `v${Math.min(o.maxVersion, r.maxVersion)}` : '-'];
              }),
          ),
        }),
        json: () => ({
          brokers: views.map((v) => ({
            id: v.nodeId,
            host: v.host,
            port: v.port,
            rack: v.rack,
            apis: Object.keys(v.versions)
              .map(Number)
              .sort((a, b) => a - b)
              .map((k) => ({
                key: k,
                name: API_NAMES[k] ?? null,
                minVersion: v.versions[k]!.minVersion,
                maxVersion: v.versions[k]!.maxVersion,
                kafkaLabVersion: ours[k] ? Math.min(ours[k]!.maxVersion, v.versions[k]!.maxVersion) : null,
              })),
          })),
        }),
      });
    } finally {
      await s.close();
    }
  },
});
