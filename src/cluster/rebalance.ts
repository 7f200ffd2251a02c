/**
 * `cluster rebalance`: the reassignment that spreads the partitions of a lab over all its live
 * brokers (after `cluster add-broker`, the new broker gets its share), shown as Kafka's
 * reassignment file; with --execute it runs as kafka-reassign-partitions would (--execute,
 * then --verify until done, which clears the throttle), and a preferred leader election puts
 * the new preferred leaders in charge.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ElectionOutcome, electionText, runElection } from '../admin/leader-election.js';
import { type Emit, execute, type ExecuteResult, silent, verify, type VerifyResult } from '../admin/reassign.js';
import type { AdminSession } from '../client/session.js';
import { KafkaLabError } from '../errors.js';
import { type Assignment, formatReassignmentJson, type ReassignmentFile } from '../reassign/plan-json.js';
import { planRebalance, type RebalancePlan } from '../reassign/rebalance.js';

/** How long brokers' metadata may lag the controller after a reassignment completes. */
const METADATA_CATCH_UP_MS = 15_000;

export interface RebalanceView {
  brokers: number[];
  topics: string[];
  current: Assignment[];
  plan: RebalancePlan;
}

/** The current replicas of the chosen topics (all but internal ones by default) and the plan. */
export async function planLabRebalance(s: AdminSession, o: { topics?: string[] }): Promise<RebalanceView> {
  const meta = await s.run(s.client.metadata(o.topics && o.topics.length > 0 ? o.topics : null));
  const missing = meta.topics.find((t) => t.errorCode !== 0);
  if (missing && o.topics?.length)
    throw new KafkaLabError(`topic '${missing.name}' does not exist`, { kind: 'not-found', hint: 'kafka-lab topics --list shows the topics.' });
  const topics = meta.topics.filter((t) => t.errorCode === 0 && (o.topics?.length ? true : !t.isInternal && !t.name.startsWith('__')));
  const current: Assignment[] = topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition, replicas: p.replicas })));
  const brokers = meta.brokers.map((b) => b.nodeId).sort((a, b) => a - b);
  return { brokers, topics: topics.map((t) => t.name).sort(), current, plan: planRebalance(current, brokers) };
}

export function planFile(plan: RebalancePlan): ReassignmentFile {
  return {
    partitions: plan.changes.map((c) => ({ topic: c.topic, partition: c.partition, replicas: c.to, logDirs: c.to.map(() => 'any') })),
    logDirMoves: [],
  };
}

export interface RebalanceRun {
  planFile: string;
  rollbackFile: string;
  executed: ExecuteResult;
  verified: VerifyResult;
  election: ElectionOutcome | null;
  waitedMs: number;
}

/**
 * Executes the plan, waits (polling --verify quietly) until no reassignment is under way, then
 * prints Kafka's --verify lines once (which clears the throttles) and elects the preferred leaders.
 */
export async function runRebalance(
  s: AdminSession,
  view: RebalanceView,
  o: { dir: string; throttle: number; waitTimeoutMs: number; emit: Emit; onProgress?: (text: string) => void },
): Promise<RebalanceRun> {
  const file = planFile(view.plan);
  const planPath = join(o.dir, 'rebalance-plan.json');
  const rollbackPath = join(o.dir, 'rebalance-rollback.json');
  writeFileSync(planPath, `${formatReassignmentJson(file.partitions)}\n`);
  writeFileSync(rollbackPath, `${formatReassignmentJson(view.plan.changes.map((c) => ({ topic: c.topic, partition: c.partition, replicas: c.from })))}\n`);
  o.emit.line(`$ kafka-lab reassign-partitions --execute --reassignment-json-file ${planPath}${o.throttle >= 0 ? ` --throttle ${o.throttle}` : ''}`);
  const executed = await execute(
    s,
    file,
    { additional: false, throttle: o.throttle, logDirThrottle: -1, timeoutMs: 10_000, allowReplicationFactorChange: true },
    o.emit,
  );
  const start = Date.now();
  let controllerDoneAt: number | undefined;
  for (;;) {
    const v = await verify(s, file, { preserveThrottles: true }, silent);
    const landed = v.partitions.every((p) => p.current.join(',') === p.target.join(','));
    if (!v.partitionsOngoing && landed) break;
    // the controller can be done while the broker that answered the metadata request still shows
    // the old replicas for a moment: wait for the metadata to catch up before calling it unfinished
    if (!v.partitionsOngoing) {
      controllerDoneAt ??= Date.now();
      if (Date.now() - controllerDoneAt > METADATA_CATCH_UP_MS) break;
    }
    const left = v.partitions.filter((p) => !p.done).length;
    o.onProgress?.(`${left} of ${file.partitions.length} partitions still moving`);
    if (Date.now() - start > o.waitTimeoutMs)
      throw new KafkaLabError(`the reassignment is still running after ${Math.round(o.waitTimeoutMs / 1000)} s`, {
        kind: 'timeout',
        hint: `It goes on in the background: kafka-lab reassign-partitions --verify --reassignment-json-file ${planPath} (clears the throttle once done); raise --wait-timeout or the --throttle.`,
      });
    await new Promise((r) => setTimeout(r, 500));
  }
  const waitedMs = Date.now() - start;
  o.emit.line(`$ kafka-lab reassign-partitions --verify --reassignment-json-file ${planPath}`);
  const verified = await verify(s, file, { preserveThrottles: false }, o.emit);
  const unfinished = verified.partitions.filter((p) => p.current.join(',') !== p.target.join(','));
  if (unfinished.length > 0)
    throw new KafkaLabError(`${unfinished.length} partition(s) did not end up on their planned replicas`, {
      kind: 'failed',
      hint: 'See the --verify lines above; kafka-lab topics --describe shows where the replicas are.',
    });
  // the new first replicas lead only after a preferred election (Kafka moves a leader only when it has to)
  let election: ElectionOutcome | null = null;
  const newLeaders = view.plan.changes.filter((c) => c.to[0] !== c.from[0]);
  if (newLeaders.length > 0) {
    const partitions = newLeaders.map((c) => ({ topic: c.topic, partition: c.partition }));
    const electionPath = join(o.dir, 'rebalance-leaders.json');
    writeFileSync(electionPath, `${JSON.stringify({ partitions })}\n`);
    o.emit.line(`$ kafka-lab leader-election --election-type preferred --path-to-json-file ${electionPath}`);
    election = await runElection(s, 'preferred', partitions, s.conn.timeoutMs);
    for (const line of electionText(election)) o.emit.line(line);
  }
  return { planFile: planPath, rollbackFile: rollbackPath, executed, verified, election, waitedMs };
}
