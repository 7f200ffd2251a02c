/**
 * Kafka's replica placement (AdminUtils.assignReplicasToBrokers), which kafka-reassign-partitions
 * --generate uses for each topic: the first replica of each partition round-robin from a start
 * index, the others at an increasing shift, and with racks a rack-alternated broker list so
 * replicas spread over racks. Kafka draws the start index and the shift at random; here they are
 * parameters (random by default, as in Kafka), so a plan can be reproduced and tested.
 */
import { KafkaLabError } from '../errors.js';

export interface BrokerPlacement {
  id: number;
  rack?: string | null;
}

/** Where the random choices of Kafka's algorithm come from: an int in [0, bound). */
export type RandomInt = (bound: number) => number;

export const mathRandomInt: RandomInt = (bound) => Math.floor(Math.random() * bound);

export interface AssignOptions {
  /** Kafka's fixedStartIndex: the same start index and first shift (default: random, as Kafka) */
  fixedStartIndex?: number;
  /** where the first replicas start (default: fixedStartIndex, else random) */
  startIndex?: number;
  /** the first shift of the other replicas (default: fixedStartIndex, else random) */
  replicaShift?: number;
  /** the first partition id (default 0) */
  startPartitionId?: number;
  random?: RandomInt;
}

function replicaIndex(firstReplicaIndex: number, secondReplicaShift: number, replicaIdx: number, nBrokers: number): number {
  const shift = 1 + ((secondReplicaShift + replicaIdx) % (nBrokers - 1));
  return (firstReplicaIndex + shift) % nBrokers;
}

/** Brokers alternated by rack (racks in name order, brokers of a rack in id order): 0,3,6,1,4,7 ... */
export function rackAlternatedBrokerList(brokerRacks: Map<number, string>): number[] {
  const byRack = new Map<string, number[]>();
  for (const [id, rack] of brokerRacks) {
    let l = byRack.get(rack);
    if (!l) byRack.set(rack, (l = []));
    l.push(id);
  }
  for (const l of byRack.values()) l.sort((a, b) => a - b);
  const racks = [...byRack.keys()].sort();
  const positions = new Map(racks.map((r) => [r, 0]));
  const result: number[] = [];
  let rackIndex = 0;
  while (result.length < brokerRacks.size) {
    const rack = racks[rackIndex]!;
    const list = byRack.get(rack)!;
    const pos = positions.get(rack)!;
    if (pos < list.length) {
      result.push(list[pos]!);
      positions.set(rack, pos + 1);
    }
    rackIndex = (rackIndex + 1) % racks.length;
  }
  return result;
}

/**
 * Partition id -> replica list, as AdminUtils.assignReplicasToBrokers computes it. Errors carry
 * Kafka's own messages (InvalidPartitionsException, InvalidReplicationFactorException ...).
 */
export function assignReplicasToBrokers(
  brokers: BrokerPlacement[],
  nPartitions: number,
  replicationFactor: number,
  o: AssignOptions = {},
): Map<number, number[]> {
  if (nPartitions <= 0) throw new KafkaLabError('Number of partitions must be larger than 0.', { kind: 'usage' });
  if (replicationFactor <= 0) throw new KafkaLabError('Replication factor must be larger than 0.', { kind: 'usage' });
  if (replicationFactor > brokers.length)
    throw new KafkaLabError(`Replication factor: ${replicationFactor} larger than available brokers: ${brokers.length}.`, { kind: 'broker' });
  const random = o.random ?? mathRandomInt;
  const fixed = o.fixedStartIndex ?? -1;
  // Kafka draws the start index first, then the shift
  const pick = (given: number | undefined) => (given !== undefined ? given : fixed >= 0 ? fixed : -1);
  const choice = { start: pick(o.startIndex), shift: pick(o.replicaShift) };
  const withRack = brokers.filter((b) => b.rack !== undefined && b.rack !== null);
  if (withRack.length === 0) {
    return rackUnaware(
      nPartitions,
      replicationFactor,
      brokers.map((b) => b.id),
      choice,
      o.startPartitionId ?? -1,
      random,
    );
  }
  if (withRack.length !== brokers.length)
    throw new KafkaLabError('Not all brokers have rack information for replica rack aware assignment.', { kind: 'failed' });
  return rackAware(nPartitions, replicationFactor, new Map(brokers.map((b) => [b.id, b.rack!])), choice, o.startPartitionId ?? -1, random);
}

interface Choice {
  /** -1: drawn at random */
  start: number;
  shift: number;
}

function rackUnaware(
  nPartitions: number,
  rf: number,
  brokerList: number[],
  choice: Choice,
  startPartitionId: number,
  random: RandomInt,
): Map<number, number[]> {
  const n = brokerList.length;
  const ret = new Map<number, number[]>();
  const startIndex = choice.start >= 0 ? choice.start : random(n);
  let currentPartitionId = Math.max(0, startPartitionId);
  let nextReplicaShift = choice.shift >= 0 ? choice.shift : random(n);
  for (let i = 0; i < nPartitions; i++) {
    if (currentPartitionId > 0 && currentPartitionId % n === 0) nextReplicaShift += 1;
    const first = (currentPartitionId + startIndex) % n;
    const replicas = [brokerList[first]!];
    for (let j = 0; j < rf - 1; j++) replicas.push(brokerList[replicaIndex(first, nextReplicaShift, j, n)]!);
    ret.set(currentPartitionId, replicas);
    currentPartitionId += 1;
  }
  return ret;
}

function rackAware(
  nPartitions: number,
  rf: number,
  brokerRack: Map<number, string>,
  choice: Choice,
  startPartitionId: number,
  random: RandomInt,
): Map<number, number[]> {
  const numRacks = new Set(brokerRack.values()).size;
  const arranged = rackAlternatedBrokerList(brokerRack);
  const n = arranged.length;
  const ret = new Map<number, number[]>();
  const startIndex = choice.start >= 0 ? choice.start : random(n);
  let currentPartitionId = Math.max(0, startPartitionId);
  let nextReplicaShift = choice.shift >= 0 ? choice.shift : random(n);
  for (let i = 0; i < nPartitions; i++) {
    if (currentPartitionId > 0 && currentPartitionId % n === 0) nextReplicaShift += 1;
    const first = (currentPartitionId + startIndex) % n;
    const leader = arranged[first]!;
    const replicas = [leader];
    const racksWithReplicas = new Set([brokerRack.get(leader)!]);
    const brokersWithReplicas = new Set([leader]);
    let k = 0;
    for (let j = 0; j < rf - 1; j++) {
      for (;;) {
        const broker = arranged[replicaIndex(first, nextReplicaShift * numRacks, k, n)]!;
        const rack = brokerRack.get(broker)!;
        k += 1;
        // skip a broker whose rack already has a replica while some rack has none, and a
        // broker that already has one while some broker has none
        if ((!racksWithReplicas.has(rack) || racksWithReplicas.size === numRacks) && (!brokersWithReplicas.has(broker) || brokersWithReplicas.size === n)) {
          replicas.push(broker);
          racksWithReplicas.add(rack);
          brokersWithReplicas.add(broker);
          break;
        }
      }
    }
    ret.set(currentPartitionId, replicas);
    currentPartitionId += 1;
  }
  return ret;
}
