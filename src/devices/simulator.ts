/**
 * The device simulator's loop: readings are generated on schedule and handed to every sink
 * (MQTT, Kafka); a sink's backpressure slows generation down rather than piling up memory.
 * Stops at --count, at --duration, or when aborted (Ctrl-C), then flushes the sinks.
 */
import { createDevices, dueReadings, nextReading, type Reading, seededRng } from './readings.js';

/** Where readings go. publish() may return a promise: the loop waits on it only when told to. */
export interface ReadingSink {
  /** e.g. "mqtt://127.0.0.1:1883 (devices/<id>)" */
  readonly name: string;
  /** readings acknowledged by the destination */
  readonly delivered: number;
  readonly failed: number;
  /** the last error the destination reported, if any */
  readonly lastError?: string;
  /** hands one reading over; resolves when the sink can take more (backpressure) */
  publish(r: Reading): Promise<void> | undefined;
  /** waits (bounded) for what is in flight, then disconnects */
  close(timeoutMs: number): Promise<void>;
}

export interface SimulationPlan {
  devices: number;
  /** readings per second per device */
  rate: number;
  /** stop after this many readings in total */
  count?: number;
  /** stop after this many seconds */
  durationS?: number;
  seed: number;
  devicePrefix: string;
}

export interface SimulationStats {
  generated: number;
  delivered: number;
  failed: number;
  elapsedMs: number;
  /** why it ended */
  reason: 'count' | 'duration' | 'interrupted';
}

export interface RunOptions {
  signal?: AbortSignal;
  /** called every `tickMs` with the running counts (the live line) */
  onTick?: (s: SimulationStats) => void;
  tickMs?: number;
  now?: () => number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export async function runSimulation(plan: SimulationPlan, sinks: ReadingSink[], o: RunOptions = {}): Promise<SimulationStats> {
  const now = o.now ?? Date.now;
  const rng = seededRng(plan.seed);
  const devices = createDevices(plan.devices, rng, plan.devicePrefix);
  const start = now();
  const end = plan.durationS !== undefined ? start + plan.durationS * 1000 : Number.POSITIVE_INFINITY;
  let generated = 0;
  let reason: SimulationStats['reason'] = 'count';
  const stats = (): SimulationStats => ({
    generated,
    delivered: Math.min(...sinks.map((s) => s.delivered)),
    failed: sinks.reduce((n, s) => n + s.failed, 0),
    elapsedMs: now() - start,
    reason,
  });
  let lastTick = start;
  const tickMs = o.tickMs ?? 250;
  // a sink waiting on its destination must not hold Ctrl-C up
  const aborted = new Promise<void>((resolve) => {
    if (o.signal?.aborted) resolve();
    o.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  for (;;) {
    if (o.signal?.aborted) {
      reason = 'interrupted';
      break;
    }
    const t = now();
    if (t >= end) {
      reason = 'duration';
      break;
    }
    if (plan.count !== undefined && generated >= plan.count) {
      reason = 'count';
      break;
    }
    const due = dueReadings(t - start, plan.devices, plan.rate, plan.count);
    while (generated < due && !o.signal?.aborted) {
      const device = devices[generated % devices.length]!;
      const reading = nextReading(device, now(), rng);
      generated++;
      const waits = sinks.map((s) => s.publish(reading)).filter((p): p is Promise<void> => p !== undefined);
      if (waits.length > 0) await Promise.race([Promise.all(waits), aborted]);
    }
    if (o.onTick && now() - lastTick >= tickMs) {
      lastTick = now();
      o.onTick(stats());
    }
    if (plan.count !== undefined && generated >= plan.count) continue;
    // sleep until the next reading is due (at most one tick), so a slow rate costs no CPU
    const perMs = (plan.devices * plan.rate) / 1000;
    const nextAt = start + Math.ceil(generated / perMs);
    await sleep(Math.max(1, Math.min(tickMs, nextAt - now(), end - now())), o.signal);
  }
  return stats();
}

/** The live line, e.g. "5 devices | sent 1200, delivered 1198, failed 0 | 50.0 readings/s | 24 s". */
export function liveLine(s: SimulationStats, devices: number): string {
  const secs = s.elapsedMs / 1000;
  const rate = secs > 0 ? s.delivered / secs : 0;
  return `${devices} device${devices === 1 ? '' : 's'} | sent ${s.generated}, delivered ${s.delivered}, failed ${s.failed} | ${rate.toFixed(1)} readings/s | ${Math.floor(secs)} s`;
}

export function summaryLine(s: SimulationStats, devices: number, destinations: string[]): string {
  const secs = s.elapsedMs / 1000;
  const rate = secs > 0 ? s.delivered / secs : 0;
  const why = s.reason === 'interrupted' ? 'interrupted' : s.reason === 'duration' ? 'duration reached' : 'count reached';
  return `device-sim: ${devices} device${devices === 1 ? '' : 's'} sent ${s.generated} readings in ${secs.toFixed(1)} s (${rate.toFixed(1)}/s); delivered ${s.delivered}, failed ${s.failed}; ${why}; to ${destinations.join(' and ')}`;
}
