/**
 * Simulated devices and their readings: each device drifts around its own baseline (a
 * mean-reverting random walk), its battery drains slowly, and readings are numbered per device.
 * Pure and seeded, so a run can be replayed and tests are exact.
 */

export interface Reading {
  deviceId: string;
  /** ISO-8601 time of the reading */
  ts: string;
  /** 1, 2, 3 ... per device */
  seq: number;
  temperature: number;
  humidity: number;
  pressure: number;
  battery: number;
}

export interface Device {
  id: string;
  seq: number;
  temperature: number;
  humidity: number;
  pressure: number;
  battery: number;
  /** where the random walk is pulled back to */
  base: { temperature: number; humidity: number; pressure: number };
}

export type Rng = () => number;

/** A small, fast seeded generator (mulberry32): the same seed gives the same devices and readings. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** device-001 ... device-NNN, as wide as the largest number. */
export function deviceIds(n: number, prefix = 'device'): string[] {
  const width = Math.max(3, String(n).length);
  return Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(width, '0')}`);
}

export function createDevices(n: number, rng: Rng, prefix = 'device'): Device[] {
  return deviceIds(n, prefix).map((id) => {
    const base = { temperature: 18 + rng() * 8, humidity: 35 + rng() * 25, pressure: 1005 + rng() * 15 };
    return { id, seq: 0, ...base, battery: 80 + rng() * 20, base };
  });
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** One step of a mean-reverting walk: a pull of `pull` towards base, plus noise of ±step. */
export function drift(value: number, base: number, step: number, pull: number, rng: Rng): number {
  return value + (base - value) * pull + (rng() * 2 - 1) * step;
}

/** The device's next reading (advances its state). */
export function nextReading(d: Device, nowMs: number, rng: Rng): Reading {
  d.seq++;
  d.temperature = clamp(drift(d.temperature, d.base.temperature, 0.3, 0.05, rng), -20, 60);
  d.humidity = clamp(drift(d.humidity, d.base.humidity, 0.8, 0.05, rng), 0, 100);
  d.pressure = clamp(drift(d.pressure, d.base.pressure, 0.2, 0.05, rng), 950, 1060);
  d.battery = Math.max(0, d.battery - 0.01 - rng() * 0.01);
  return {
    deviceId: d.id,
    ts: new Date(nowMs).toISOString(),
    seq: d.seq,
    temperature: round(d.temperature, 2),
    humidity: round(d.humidity, 1),
    pressure: round(d.pressure, 1),
    battery: round(d.battery, 2),
  };
}

/**
 * How many readings are due after elapsedMs at `rate` readings per second per device, capped
 * by count. The schedule is computed from the start time (not by adding intervals), so timer
 * jitter never makes the rate drift.
 */
export function dueReadings(elapsedMs: number, devices: number, rate: number, count?: number): number {
  const due = Math.floor((elapsedMs / 1000) * devices * rate) + 1;
  return count === undefined ? due : Math.min(count, due);
}

/** The MQTT topic of a device's readings. */
export function readingTopic(prefix: string, deviceId: string): string {
  return `${prefix.replace(/\/+$/, '')}/${deviceId}`;
}
