import * as q from '../admin/quorum.js';
import { describeFeatures, updateFeatures, UpgradeType } from '../client/admin-cluster.js';
import { connectionOptions } from '../client/connection.js';
import { errorName } from '../client/errors.js';
import { openAdmin } from '../client/session.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { OUTPUT_FORMATS, out, present, write, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

const ACTIONS = ['describe', 'upgrade', 'downgrade', 'disable'] as const;

export default defineCommand({
  command: 'features [action]',
  describe: "Feature flags of the cluster (Kafka's kafka-features): describe, upgrade, downgrade, disable",
  builder: (y) =>
    connectionOptions(y)
      .positional('action', { type: 'string', describe: ACTIONS.join(' | ') })
      .option('feature', { type: 'string', array: true, describe: 'upgrade/downgrade: name=level (e.g. group.version=1); disable: a name' })
      .option('metadata', { type: 'string', describe: 'upgrade/downgrade metadata.version to this release (e.g. 3.9-IV0 or 3.9)' })
      .option('dry-run', { type: 'boolean', describe: 'validate only, change nothing' })
      .option('unsafe', { type: 'boolean', describe: 'downgrade/disable even if it may lose metadata' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'text' as OutputFormat, describe: "describe: text (Kafka's), table or json" })
      .example('kafka-lab features --bootstrap-server localhost:9092 describe', 'supported and finalized levels of every feature')
      .example('kafka-lab features upgrade --feature group.version=1 --dry-run', 'would the cluster accept it?')
      .example('kafka-lab features downgrade --metadata 3.8 --unsafe', 'metadata.version down to 3.8-IV0'),
  handler: async (argv) => {
    // a free-text positional (not yargs' choices), so an unknown action gets our own message
    const action = ACTIONS.find((x) => x === argv.action);
    if (action === undefined)
      throw new UsageError(
        argv.action === undefined ? `features needs an action: ${ACTIONS.join(', ')}` : `unknown action '${argv.action}' for 'features'`,
        'Example: kafka-lab features describe (version-mapping and feature-dependencies are not mirrored).',
      );
    const updates: { feature: string; level: number }[] = [];
    if (action !== 'describe') {
      if (argv.metadata !== undefined) {
        if (action === 'disable') throw new UsageError('disable takes --feature names only', 'Example: kafka-lab features disable --feature group.version');
        const level = q.metadataVersionLevel(argv.metadata);
        if (level === undefined)
          throw new UsageError(
            `Unsupported metadata.version ${argv.metadata}. Supported metadata.version are ${q.METADATA_VERSIONS.filter(
              ([l]) => l >= 7 && l <= q.LATEST_PRODUCTION_METADATA_LEVEL,
            )
              .map(([, n]) => n)
              .join(', ')}`,
            'Example: --metadata 3.9-IV0',
          );
        updates.push({ feature: q.METADATA_VERSION_FEATURE, level });
      }
      for (const f of (argv.feature ?? []).map(String)) {
        const u = q.parseFeatureLevel(f, action === 'disable');
        if (updates.some((x) => x.feature === u.feature)) throw new UsageError(`Feature ${u.feature} was specified more than once.`, 'Give each feature once.');
        updates.push(u);
      }
      if (updates.length === 0)
        throw new UsageError(`You must specify at least one feature to ${action}`, `Example: kafka-lab features ${action} --feature group.version=1`);
    }
    const s = await openAdmin(argv);
    try {
      if (action === 'describe') {
        const f = await s.run(describeFeatures(s.client), { action: 'describe features' });
        const view = q.featuresJson(f);
        present(argv.output, {
          text: () => '',
          table: () => ({
            head: ['FEATURE', 'SUPPORTED-MIN', 'SUPPORTED-MAX', 'FINALIZED', 'EPOCH'],
            rows: view.features.map((x) => [
              x.feature,
              q.levelText(x.feature, x.supportedMinVersion),
              q.levelText(x.feature, x.supportedMaxVersion),
              q.levelText(x.feature, x.finalizedVersionLevel),
              view.finalizedEpoch ?? '-',
            ]),
          }),
          json: () => view,
        });
        if (argv.output === 'text') write(q.featuresText(f));
        return;
      }
      const type = action === 'upgrade' ? UpgradeType.UPGRADE : argv.unsafe ? UpgradeType.UNSAFE_DOWNGRADE : UpgradeType.SAFE_DOWNGRADE;
      const results = await s.run(
        updateFeatures(
          s.client,
          updates.map((u) => ({ ...u, upgradeType: type })),
          Boolean(argv.dryRun),
          s.conn.timeoutMs,
        ),
        { action: `${action} features` },
      );
      // Kafka prints one line per feature, in name order, then fails if any failed
      let failures = 0;
      for (const r of [...results].sort((a, b) => (a.feature < b.feature ? -1 : 1))) {
        const level = updates.find((u) => u.feature === r.feature)!.level;
        const error = r.errorCode !== 0 ? (r.errorMessage ?? errorName(r.errorCode)) : null;
        if (error !== null) failures++;
        out(q.featureUpdateLine(action, r.feature, level, Boolean(argv.dryRun), error));
      }
      if (failures > 0)
        throw new KafkaLabError(`${failures} out of ${updates.length} operation(s) failed.`, {
          kind: 'broker',
          hint: 'kafka-lab features describe shows the levels each feature supports and where it stands.',
        });
    } finally {
      await s.close();
    }
  },
});
