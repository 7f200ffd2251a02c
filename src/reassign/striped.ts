/**
 * Kafka 4's replica placement for kafka-reassign-partitions --generate: the KRaft controller's
 * StripedReplicaPlacer (Kafka 3.x's tool used AdminUtils, src/reassign/assign.ts). Brokers are
 * grouped by rack; each partition takes its first replica from the next rack in turn and the
 * others from the racks after it, each rack handing out its brokers round-robin from a random
 * start; after as many partitions as there are brokers, racks and brokers are shuffled so the
 * same replica sets do not repeat. The random draws are those of java.util.Random calls (a
 * RandomInt here), in Kafka's order, so that a plan can be reproduced. Pure.
 */
import { KafkaLabError } from '../errors.js';
import { javaHashOrder, javaStringHash } from '../util/java-hash.js';
import { type BrokerPlacement, mathRandomInt, type RandomInt } from './assign.js';

/** java.util.Collections.shuffle: from the end, each element swapped with a random one at or before it. */
function shuffle<T>(list: T[], random: RandomInt): void {
  for (let i = list.length; i > 1; i--) {
    const j = random(i);
    const tmp = list[i - 1]!;
    list[i - 1] = list[j]!;
    list[j] = tmp;
  }
}

class BrokerList {
  readonly brokers: number[] = [];
  private index = 0;
  private offset = 0;
  private epoch = 0;

  initialize(random: RandomInt): void {
    if (this.brokers.length === 0) return;
    this.brokers.sort((a, b) => a - b);
    this.offset = random(this.brokers.length);
  }

  shuffle(random: RandomInt): void {
    shuffle(this.brokers, random);
  }

  next(epoch: number): number {
    const n = this.brokers.length;
    if (n === 0) return -1;
    if (this.epoch !== epoch) {
      this.epoch = epoch;
      this.index = 0;
      this.offset = (this.offset + 1) % n;
    }
    if (this.index >= n) return -1;
    const broker = this.brokers[(this.index + this.offset) % n]!;
    this.index++;
    return broker;
  }
}

/** A rack: its brokers (all usable: a tool plans over live brokers, none fenced). */
class Rack {
  readonly unfenced = new BrokerList();
  readonly fenced = new BrokerList();
  initialize(random: RandomInt): void {
    this.fenced.initialize(random);
    this.unfenced.initialize(random);
  }
  shuffle(random: RandomInt): void {
    this.fenced.shuffle(random);
    this.unfenced.shuffle(random);
  }
  next(epoch: number): number {
    const r = this.unfenced.next(epoch);
    return r >= 0 ? r : this.fenced.next(epoch);
  }
}

/** Rack names as Kafka keys them: Optional<String>, the empty one hashing to 0 and sorting first. */
const NO_RACK = '\u0000none';
const rackHash = (name: string) => (name === NO_RACK ? 0 : javaStringHash(name));
const compareRacks = (a: string, b: string) => (a === b ? 0 : a === NO_RACK ? -1 : b === NO_RACK ? 1 : a < b ? -1 : 1);

/** Partition id -> replicas, as StripedReplicaPlacer.place (numbered from 0). */
export function stripedPlacement(
  brokers: BrokerPlacement[],
  nPartitions: number,
  replicationFactor: number,
  random: RandomInt = mathRandomInt,
): Map<number, number[]> {
  const racks = new Map<string, Rack>();
  let rackNames: string[] = [];
  for (const b of brokers) {
    const name = b.rack ?? NO_RACK;
    let rack = racks.get(name);
    if (!rack) {
      rackNames.push(name);
      racks.set(name, (rack = new Rack()));
    }
    rack.unfenced.brokers.push(b.id);
  }
  // Kafka walks its HashMap of racks: that order decides which rack draws first
  const inHashOrder = () => javaHashOrder([...racks.keys()], rackHash).map((n) => racks.get(n)!);
  for (const rack of inHashOrder()) rack.initialize(random);
  rackNames = rackNames.sort(compareRacks);
  const total = brokers.length;
  let offset = rackNames.length === 0 ? 0 : random(rackNames.length);
  if (replicationFactor <= 0)
    throw new KafkaLabError(`Invalid replication factor ${replicationFactor}: the replication factor must be positive.`, { kind: 'usage' });
  if (total === 0) throw new KafkaLabError('All brokers are currently fenced.', { kind: 'broker' });
  if (replicationFactor > total)
    throw new KafkaLabError(`The target replication factor of ${replicationFactor} cannot be reached because only ${total} broker(s) are registered.`, {
      kind: 'broker',
    });
  let epoch = 0;
  const out = new Map<number, number[]>();
  for (let partition = 0; partition < nPartitions; partition++) {
    if (epoch === total && total > 1) {
      shuffle(rackNames, random);
      for (const rack of inHashOrder()) rack.shuffle(random);
      epoch = 0;
    }
    if (offset === rackNames.length) offset = 0;
    const replicas: number[] = [];
    let firstRackIndex = offset;
    for (;;) {
      const result = racks.get(rackNames[firstRackIndex]!)!.unfenced.next(epoch);
      if (result >= 0) {
        replicas.push(result);
        break;
      }
      firstRackIndex = (firstRackIndex + 1) % rackNames.length;
    }
    let rackIndex = offset;
    for (let r = 1; r < replicationFactor; r++) {
      let result = -1;
      do {
        if (rackIndex === firstRackIndex) firstRackIndex = -1;
        else result = racks.get(rackNames[rackIndex]!)!.next(epoch);
        rackIndex = (rackIndex + 1) % rackNames.length;
      } while (result < 0);
      replicas.push(result);
    }
    epoch++;
    offset++;
    out.set(partition, replicas);
  }
  return out;
}
