import { describe, expect, it } from 'vitest';
import { BatchSender, describeLines, type PendingRecord } from '../../../src/produce/batch-sender.js';
import { randomRecords } from '../../../src/produce/random-records.js';

const rec = (line: number, size = 10): PendingRecord => ({ line, record: { key: null, value: Buffer.alloc(size, 97), headers: [] } });

describe('batch sender', () => {
  it('batches by size, bounds the batches in flight, and sends everything on flush', async () => {
    const batches: number[][] = [];
    let inFlight = 0;
    let maxSeen = 0;
    const s = new BatchSender({
      send: async (b) => {
        inFlight++;
        maxSeen = Math.max(maxSeen, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        batches.push(b.map((x) => x.line));
      },
      onFailure: () => {},
      batchBytes: 100,
      lingerMs: 1000,
      maxInFlight: 2,
      sync: false,
    });
    for (let i = 1; i <= 50; i++) await s.add(rec(i));
    await s.flush();
    expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(maxSeen).toBeLessThanOrEqual(2);
    expect(batches.length).toBeGreaterThan(5);
    expect(s.sent).toBe(50);
  });
  it('keeps the linger timer within maxInFlight, and sends what lingered when a slot frees up', async () => {
    const batches: number[][] = [];
    let inFlight = 0;
    let maxSeen = 0;
    const s = new BatchSender({
      send: async (b) => {
        maxSeen = Math.max(maxSeen, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        batches.push(b.map((x) => x.line));
      },
      onFailure: () => {},
      batchBytes: 1_000_000,
      lingerMs: 0,
      maxInFlight: 1,
      sync: false,
    });
    for (let i = 1; i <= 30; i++) {
      await s.add(rec(i));
      await new Promise((r) => setTimeout(r, 2)); // every record lingers past 0 ms
    }
    await s.flush();
    expect(batches.flat()).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(maxSeen).toBe(1);
    expect(batches.length).toBeLessThan(30); // records that lingered behind a busy slot went together
  });
  it('reports failed lines, and retries record by record on record errors', async () => {
    const failures: [number[], string][] = [];
    const s = new BatchSender({
      send: async (b) => {
        if (b.some((x) => x.record.value!.length > 50)) throw Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' });
      },
      onFailure: (lines, err) => failures.push([lines, err.message]),
      batchBytes: 1_000_000,
      lingerMs: 1000,
      maxInFlight: 2,
      sync: false,
      isRecordError: (e) => (e as { type?: string }).type === 'MESSAGE_TOO_LARGE',
    });
    await s.add(rec(1));
    await s.add(rec(2, 100));
    await s.add(rec(3));
    await s.flush();
    expect(failures).toEqual([[[2], 'too large']]);
    expect([s.sent, s.failed]).toEqual([2, 1]);
  });
  it('refuses records over maxRecordBytes before sending, keeping the others in order', async () => {
    const sent: number[] = [];
    const failures: number[][] = [];
    const s = new BatchSender({
      send: async (b) => {
        sent.push(...b.map((x) => x.line));
      },
      onFailure: (l) => failures.push(l),
      batchBytes: 1e6,
      lingerMs: 1000,
      maxInFlight: 2,
      sync: false,
      maxRecordBytes: 1000,
    });
    await s.add(rec(1));
    await s.add(rec(2, 5000));
    await s.add(rec(3));
    await s.flush();
    expect(sent).toEqual([1, 3]);
    expect(failures).toEqual([[2]]);
  });
  it('describes line ranges', () => {
    expect(describeLines([3])).toBe('line 3');
    expect(describeLines([5, 1, 2, 3, 9])).toBe('lines 1-3, 5, 9');
  });
  it('paces random records at the requested rate', async () => {
    let t = 0;
    const slept: number[] = [];
    const out = [];
    for await (const r of randomRecords(
      { count: 5, recordSize: 8, keys: 2, rate: 10 },
      () => t,
      async (ms) => {
        slept.push(ms);
        t += ms;
      },
    ))
      out.push(r);
    expect(out.map((r) => r.key!.toString())).toEqual(['key-0', 'key-1', 'key-0', 'key-1', 'key-0']);
    expect(out[0]!.value!.length).toBe(8);
    expect(t).toBe(400);
  });
});
