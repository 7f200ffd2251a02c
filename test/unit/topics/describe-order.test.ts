/**
 * The order kafka-topics --describe prints topics in: java.util.HashMap's iteration order,
 * modelled (src/format/topic-describe.ts) and checked against orders OpenJDK 17 printed
 * (fixtures/java17-hashmap-order.json, made with test/fixtures/java/HashMapOrder.java; the
 * e2e test test/e2e/topics/describe-order.test.ts runs that program and TopicCommand itself).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JavaHashMap, javaHashMapOrder, topicCommandDescribeOrder } from '../../../src/format/topic-describe.js';

interface Case {
  names: string[];
  topicCommand: string[];
  hashMap: string[];
  tree?: boolean;
}
const fixtures = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'java17-hashmap-order.json'), 'utf8')) as { cases: Case[] };

/** 2^k names with one String.hashCode: "Aa" and "BB" hash alike, and so does any string of such blocks */
function sameHash(k: number): string[] {
  return Array.from({ length: 2 ** k }, (_, i) => Array.from({ length: k }, (_, j) => ((i >> j) & 1 ? 'BB' : 'Aa')).join(''));
}

describe("java.util.HashMap's iteration order", () => {
  it('keeps insertion order inside a bucket', () => {
    expect(javaHashMapOrder(['BB', 'Aa'])).toEqual(['BB', 'Aa']);
    expect(javaHashMapOrder(['Aa', 'BB'])).toEqual(['Aa', 'BB']);
    expect(javaHashMapOrder(['b', 'a', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('sizes the table like Java: 16 by default, doubling past 0.75, and doubling for a 9th entry in one bin below 64', () => {
    const m = new JavaHashMap();
    for (let i = 0; i < 12; i++) m.put(`k${i}`);
    expect(m.capacity()).toBe(16);
    m.put('k12');
    expect(m.capacity()).toBe(32);
    const collide = new JavaHashMap();
    const [ninth, ...eight] = sameHash(4).slice(0, 9);
    for (const k of eight) collide.put(k);
    expect(collide.capacity()).toBe(16);
    collide.put(ninth!);
    expect(collide.capacity()).toBe(32); // 9 in one bin, the table is below 64: resize instead of a tree
    expect(new JavaHashMap(12).capacity()).toBe(0); // allocated on the first put
  });

  it('pre-sizes a copy as Java 17 does, and as Java 19+ does', () => {
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    expect(JavaHashMap.copyOf(keys).capacity()).toBe(32); // (int)(12 / 0.75f + 1) = 17 -> 32
    expect(JavaHashMap.copyOf(keys, 21).capacity()).toBe(16); // ceil(12 / 0.75) = 16
  });

  it('matches what Java printed, tree bins included', () => {
    expect(fixtures.cases.length).toBeGreaterThan(20);
    expect(fixtures.cases.some((c) => c.tree)).toBe(true);
    for (const c of fixtures.cases) {
      expect(javaHashMapOrder(c.names), `${c.names.length} names`).toEqual(c.hashMap);
      expect(topicCommandDescribeOrder(c.names), `${c.names.length} names`).toEqual(c.topicCommand);
    }
  });
});

describe('the order of kafka-topics --describe', () => {
  it('follows the copied map inside a bucket of the last one, not the sorted order', () => {
    const names = ['orders', 'payments', 'clicks', 'users', 'audit', 'billing', 'events', 'logs', 'metrics', 'alerts', 'sessions', 't0'];
    const order = topicCommandDescribeOrder(names);
    expect(order).toEqual(['alerts', 'sessions', 'audit', 'payments', 'clicks', 'orders', 'metrics', 't0', 'logs', 'users', 'events', 'billing']);
    // one map filled in sorted order (the earlier model) puts 'events' first
    const sorted = [...names].sort();
    expect(javaHashMapOrder(sorted, sorted.length).indexOf('events')).toBeLessThan(javaHashMapOrder(sorted, sorted.length).indexOf('users'));
  });

  it('does not depend on the order names are given in', () => {
    const names = [...sameHash(4), 'orders', 'payments'];
    expect(topicCommandDescribeOrder([...names].reverse())).toEqual(topicCommandDescribeOrder(names));
  });
});
