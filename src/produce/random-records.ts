/**
 * Random records for `console-producer --random N`: printable values (so a console consumer
 * shows them), optional keys cycling over K distinct names, optionally paced to R records/s.
 */
import { randomBytes } from 'node:crypto';
import type { OutgoingRecord } from '../format/record.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomText(size: number): Buffer {
  const raw = randomBytes(size);
  for (let i = 0; i < size; i++) raw[i] = ALPHABET.charCodeAt(raw[i]! % ALPHABET.length);
  return raw;
}

export interface RandomOptions {
  count: number;
  recordSize: number;
  /** number of distinct keys; 0 = no key */
  keys: number;
  /** records per second; 0 = as fast as possible */
  rate: number;
}

/** Yields `count` records; with a rate, sleeps so that record i is not sent before i/rate s. */
export async function* randomRecords(
  o: RandomOptions,
  now: () => number = Date.now,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): AsyncGenerator<OutgoingRecord> {
  const start = now();
  for (let i = 0; i < o.count; i++) {
    if (o.rate > 0) {
      const due = start + (i * 1000) / o.rate;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
    }
    yield {
      key: o.keys > 0 ? Buffer.from(`key-${i % o.keys}`) : null,
      value: randomText(o.recordSize),
      headers: [],
    };
  }
}
