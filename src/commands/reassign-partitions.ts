import * as r from '../admin/reassign.js';
import { connectionOptions } from '../client/connection.js';
import { openAdmin } from '../client/session.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { hints } from '../hints.js';
import { out, renderJson, write } from '../output/output.js';
import { ongoingReassignmentsText } from '../reassign/moves.js';
import * as json from '../reassign/plan-json.js';
import { readInputFile } from '../util/input-file.js';
import { JavaRandom } from '../util/java-random.js';
import { defineCommand } from './types.js';

const ACTIONS = ['generate', 'execute', 'verify', 'cancel', 'list'] as const;
export type ReassignAction = (typeof ACTIONS)[number];

export interface ReassignArgs {
  generate?: boolean;
  execute?: boolean;
  verify?: boolean;
  cancel?: boolean;
  list?: boolean;
  topicsToMoveJsonFile?: string;
  brokerList?: string;
  reassignmentJsonFile?: string;
  disableRackAware?: boolean;
  throttle?: number;
  replicaAlterLogDirsThrottle?: number;
  additional?: boolean;
  preserveThrottles?: boolean;
  disallowReplicationFactorChange?: boolean;
  bootstrapController?: string;
  seed?: number;
  placement?: 'admin-utils' | 'striped';
  output?: 'text' | 'json';
  timeout?: number;
}

export interface ReassignPlan {
  action: ReassignAction;
  topicsFile?: string;
  brokerList?: string;
  reassignmentFile?: string;
  rackAware: boolean;
  throttle: number;
  logDirThrottle: number;
  additional: boolean;
  preserveThrottles: boolean;
  allowReplicationFactorChange: boolean;
  seed?: number;
  placement?: 'admin-utils' | 'striped';
  json: boolean;
}

/** Options each action takes, in Kafka's names (kafka-lab's own --output and connection options go with all). */
const REQUIRED: Record<ReassignAction, string[]> = {
  generate: ['topics-to-move-json-file', 'broker-list'],
  execute: ['reassignment-json-file'],
  verify: ['reassignment-json-file'],
  cancel: ['reassignment-json-file'],
  list: [],
};
const PERMITTED: Record<ReassignAction, string[]> = {
  generate: ['disable-rack-aware', 'seed', 'placement'],
  execute: ['additional', 'throttle', 'replica-alter-log-dirs-throttle', 'disallow-replication-factor-change'],
  verify: ['preserve-throttles'],
  cancel: ['preserve-throttles'],
  list: [],
};
const ACTION_SPECIFIC: [string, keyof ReassignArgs][] = [
  ['topics-to-move-json-file', 'topicsToMoveJsonFile'],
  ['broker-list', 'brokerList'],
  ['reassignment-json-file', 'reassignmentJsonFile'],
  ['disable-rack-aware', 'disableRackAware'],
  ['throttle', 'throttle'],
  ['replica-alter-log-dirs-throttle', 'replicaAlterLogDirsThrottle'],
  ['additional', 'additional'],
  ['preserve-throttles', 'preserveThrottles'],
  ['disallow-replication-factor-change', 'disallowReplicationFactorChange'],
  ['seed', 'seed'],
  ['placement', 'placement'],
];

/** The command line as a plan, refused with Kafka's messages (ReassignPartitionsCommand.validateAndParseArgs). */
export function reassignPlan(a: ReassignArgs): ReassignPlan {
  const given = ACTIONS.filter((x) => a[x]);
  if (given.length !== 1)
    throw new UsageError(
      'Command must include exactly one action: --generate, --execute, --verify, --cancel, --list',
      'Example: kafka-lab reassign-partitions --verify --reassignment-json-file plan.json',
    );
  const action = given[0]!;
  if (a.bootstrapController !== undefined)
    throw new KafkaLabError('--bootstrap-controller is not supported by kafka-lab', {
      kind: 'unsupported',
      hint: 'Use --bootstrap-server: brokers forward reassignments to the controller.',
    });
  for (const req of REQUIRED[action]) {
    const prop = ACTION_SPECIFIC.find(([flag]) => flag === req)![1];
    if (a[prop] === undefined) throw new UsageError(`Missing required argument "[${req}]"`, `kafka-lab reassign-partitions --${action} --${req} ...`);
  }
  for (const [flag, prop] of ACTION_SPECIFIC) {
    const value = a[prop];
    if (value === undefined || value === false) continue;
    if (!REQUIRED[action].includes(flag) && !PERMITTED[action].includes(flag))
      throw new UsageError(`Option "[${flag}]" can't be used with action "[${action}]"`, hints.commandHelp('reassign-partitions'));
  }
  for (const [flag, v] of [
    ['throttle', a.throttle],
    ['replica-alter-log-dirs-throttle', a.replicaAlterLogDirsThrottle],
  ] as const)
    if (v !== undefined && !Number.isInteger(v)) throw new UsageError(`--${flag} expects a whole number of bytes/s, got ${v}`, `Example: --${flag} 50000000`);
  if (a.seed !== undefined && !Number.isInteger(a.seed)) throw new UsageError(`--seed must be a whole number, got ${a.seed}`, 'Example: --seed 42');
  return {
    action,
    topicsFile: a.topicsToMoveJsonFile,
    brokerList: a.brokerList,
    reassignmentFile: a.reassignmentJsonFile,
    rackAware: !a.disableRackAware,
    throttle: a.throttle ?? -1,
    logDirThrottle: a.replicaAlterLogDirsThrottle ?? -1,
    additional: Boolean(a.additional),
    preserveThrottles: Boolean(a.preserveThrottles),
    allowReplicationFactorChange: !a.disallowReplicationFactorChange,
    seed: a.seed,
    placement: a.placement,
    json: a.output === 'json',
  };
}

export default defineCommand({
  command: 'reassign-partitions',
  describe: "Move partitions between brokers (Kafka's kafka-reassign-partitions): --generate a plan, --execute it with a throttle, --verify, --cancel, --list",
  builder: (y) =>
    connectionOptions(y)
      .option('generate', {
        type: 'boolean',
        describe: 'propose a plan moving the topics of --topics-to-move-json-file onto --broker-list (does not execute it)',
      })
      .option('execute', { type: 'boolean', describe: 'start the reassignment of --reassignment-json-file' })
      .option('verify', { type: 'boolean', describe: 'is the reassignment of --reassignment-json-file done? clears the throttles once it is' })
      .option('cancel', { type: 'boolean', describe: 'cancel the reassignments of --reassignment-json-file' })
      .option('list', { type: 'boolean', describe: 'the reassignments under way' })
      .option('topics-to-move-json-file', { type: 'string', describe: 'generate: {"topics":[{"topic":"foo"}],"version":1}' })
      .option('broker-list', { type: 'string', describe: 'generate: the brokers to place the partitions on, "1,2,3"' })
      .option('reassignment-json-file', {
        type: 'string',
        describe: 'execute/verify/cancel: {"version":1,"partitions":[{"topic":"foo","partition":0,"replicas":[1,2,3]}]} ("log_dirs" optional)',
      })
      .option('disable-rack-aware', { type: 'boolean', describe: 'generate: ignore broker.rack' })
      .option('throttle', { type: 'number', describe: 'execute: replication between brokers limited to this many bytes/s while moving' })
      .option('replica-alter-log-dirs-throttle', { type: 'number', describe: 'execute: moves between log dirs of a broker limited to this many bytes/s' })
      .option('additional', { type: 'boolean', describe: 'execute: in addition to reassignments under way (or to change the throttle)' })
      .option('preserve-throttles', { type: 'boolean', describe: 'verify/cancel: leave the throttles in place' })
      .option('disallow-replication-factor-change', { type: 'boolean', describe: 'execute: refuse plans that change a replication factor (Kafka 4.1 brokers)' })
      .option('bootstrap-controller', { type: 'string', describe: '(Kafka 3.7+; not supported by kafka-lab: use --bootstrap-server)' })
      .option('placement', {
        choices: ['admin-utils', 'striped'] as const,
        describe: "generate (kafka-lab): Kafka 3's placement (AdminUtils) or Kafka 4's (StripedReplicaPlacer); default: that of the cluster's version",
      })
      .option('seed', {
        type: 'number',
        describe: "generate (kafka-lab): draw the placement from java.util.Random(seed), for a reproducible plan (Kafka's is random)",
      })
      .option('output', { alias: 'o', choices: ['text', 'json'] as const, default: 'text' as const, describe: "text (Kafka's lines) or json" })
      .example(
        'kafka-lab reassign-partitions --bootstrap-server localhost:9092 --generate --topics-to-move-json-file topics.json --broker-list 1,2,3,4',
        "Kafka's candidate plan for moving the topics onto brokers 1-4",
      )
      .example('kafka-lab reassign-partitions --execute --reassignment-json-file plan.json --throttle 50000000', 'start it, replication limited to 50 MB/s')
      .example('kafka-lab reassign-partitions --verify --reassignment-json-file plan.json', 'done? (removes the throttle once it is)'),
  handler: async (argv) => {
    const plan = reassignPlan(argv);
    // every file is read and checked before the first connection
    let topics: string[] = [];
    let brokers: number[] = [];
    let file: json.ReassignmentFile | undefined;
    if (plan.action === 'generate') {
      brokers = json.parseBrokerList(plan.brokerList!);
      topics = json.parseTopicsToMove(readInputFile(plan.topicsFile!, 'topics-to-move file'), plan.topicsFile!);
      json.checkTopicsToMove(topics);
    } else if (plan.reassignmentFile) {
      file = json.parseReassignment(readInputFile(plan.reassignmentFile, 'reassignment file'), plan.reassignmentFile);
      if (plan.action === 'execute') json.checkExecutable(file);
    }
    const emit: r.Emit = plan.json ? r.silent : { line: (t) => out(t), raw: (t) => write(t) };
    const s = await openAdmin(argv, ['Metadata']);
    try {
      switch (plan.action) {
        case 'generate': {
          let random: ((bound: number) => number) | undefined;
          if (plan.seed !== undefined) {
            const jr = new JavaRandom(plan.seed);
            random = (bound) => jr.nextInt(bound);
          }
          const placement = plan.placement ?? (await r.clusterPlacement(s));
          const result =
            topics.length === 0 ? { current: [], proposed: [] } : await r.generate(s, { topics, brokers, rackAware: plan.rackAware, placement, random });
          if (plan.json)
            out(
              renderJson({
                current: JSON.parse(json.formatReassignmentJson(result.current)),
                proposed: JSON.parse(json.formatReassignmentJson(result.proposed)),
              }),
            );
          else {
            write(`Current partition replica assignment\n${json.formatReassignmentJson(result.current)}\n\n`);
            write(`Proposed partition reassignment configuration\n${json.formatReassignmentJson(result.proposed)}\n`);
          }
          return;
        }
        case 'execute': {
          const result = await r.execute(
            s,
            file!,
            {
              additional: plan.additional,
              throttle: plan.throttle,
              logDirThrottle: plan.logDirThrottle,
              timeoutMs: argv.timeout ?? 10_000,
              allowReplicationFactorChange: plan.allowReplicationFactorChange,
            },
            emit,
          );
          if (plan.json) out(renderJson(result));
          return;
        }
        case 'verify': {
          const result = await r.verify(s, file!, { preserveThrottles: plan.preserveThrottles }, emit);
          if (plan.json) out(renderJson(result));
          return;
        }
        case 'cancel': {
          const result = await r.cancel(s, file!, { preserveThrottles: plan.preserveThrottles, timeoutMs: argv.timeout ?? 10_000 }, emit);
          if (plan.json) out(renderJson(result));
          return;
        }
        case 'list': {
          const ongoing = await r.listOngoing(s);
          if (plan.json) out(renderJson({ reassignments: ongoing }));
          else out(ongoingReassignmentsText(ongoing));
          return;
        }
      }
    } finally {
      await s.close();
    }
  },
});
