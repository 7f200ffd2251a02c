import { describe, expect, it } from 'vitest';
import { mbeanKeys, parseMetrics, parseRss } from '../../../src/connect/jolokia.js';
import { sinkGroupId } from '../../../src/connect/lag.js';
import { buildSnapshot, topText } from '../../../src/connect/top.js';
import type { ExpandedConnectors } from '../../../src/connect/types.js';

const jolokia = [
  {
    status: 200,
    value: {
      'kafka.connect:connector=src,task=0,type=source-task-metrics': {
        'source-record-poll-total': 100,
        'source-record-write-total': 90,
        'source-record-poll-rate': 2.5,
        'source-record-write-rate': 2,
      },
    },
  },
  {
    status: 200,
    value: {
      'kafka.connect:connector=snk,task=0,type=sink-task-metrics': {
        'sink-record-read-total': 80,
        'sink-record-send-total': 80,
        'sink-record-read-rate': 1,
        'sink-record-send-rate': 1,
      },
    },
  },
  {
    status: 200,
    value: {
      'kafka.connect:connector=snk,task=0,type=task-error-metrics': { 'total-record-errors': 3, 'total-record-failures': 1, 'total-records-skipped': 0 },
    },
  },
  { status: 200, value: { 'connector-count': 2, 'task-count': 2 } },
  { status: 200, value: { used: 104857600, max: 536870912, committed: 268435456, init: 268435456 } },
];

const expanded: ExpandedConnectors = {
  src: { status: { name: 'src', type: 'source', connector: { state: 'RUNNING', worker_id: 'w' }, tasks: [{ id: 0, state: 'RUNNING', worker_id: 'w' }] } },
  snk: {
    status: {
      name: 'snk',
      type: 'sink',
      connector: { state: 'RUNNING', worker_id: 'w' },
      tasks: [{ id: 0, state: 'FAILED', worker_id: 'w', trace: 'java.lang.Boom: x\n\tat a' }],
    },
    info: { name: 'snk', type: 'sink', config: {}, tasks: [] },
  },
};

describe('worker metrics', () => {
  it('reads MBean keys and Jolokia answers', () => {
    expect(mbeanKeys('kafka.connect:connector=a,task=1,type=sink-task-metrics')).toEqual({ connector: 'a', task: '1', type: 'sink-task-metrics' });
    const m = parseMetrics(jolokia);
    expect(m.tasks).toEqual([
      { connector: 'src', task: 0, kind: 'source', recordsIn: 100, recordsOut: 90, inRate: 2.5, outRate: 2 },
      { connector: 'snk', task: 0, kind: 'sink', recordsIn: 80, recordsOut: 80, inRate: 1, outRate: 1 },
    ]);
    expect(m.errors[0]).toEqual({ connector: 'snk', task: 0, totalErrors: 3, totalFailures: 1, skipped: 0 });
    expect(m).toMatchObject({ heapUsed: 104857600, heapMax: 536870912, connectorCount: 2, taskCount: 2 });
    // a worker without sink tasks answers 404 for that pattern: no rows, no failure
    expect(parseMetrics([{ status: 404 }, { status: 404 }, { status: 404 }, { status: 404 }, { status: 404 }]).tasks).toEqual([]);
  });
  it('reads RSS from /proc/PID/status', () => {
    expect(parseRss('Name:\tjava\nVmRSS:\t  312345 kB\nVmData:\t1 kB\n')).toBe(312345 * 1024);
    expect(parseRss('Name:\tkthreadd\n')).toBeUndefined();
  });
  it('names the consumer group of a sink', () => {
    expect(sinkGroupId('s', {})).toBe('connect-s');
    expect(sinkGroupId('s', { 'consumer.override.group.id': 'g' })).toBe('g');
  });
});

describe('connect top snapshot', () => {
  it('rates come from the change between two samples', () => {
    const metrics = parseMetrics(jolokia);
    const lags = new Map([['connect-snk', { group: 'connect-snk', total: 7, partitions: [] }]]);
    const base = { url: 'http://127.0.0.1:8083', version: '3.9.2', expanded, lags, notes: [], worker: { pid: 42 }, rssBytes: 300 * 1048576 };
    const first = buildSnapshot({ ...base, now: 1_000_000, metrics });
    expect(first.snapshot.connectors.find((c) => c.name === 'src')!.tasks[0]).toMatchObject({ recordsIn: 100, recordsOut: 90, inPerSec: 2.5, outPerSec: 2 });
    const later = parseMetrics(jolokia);
    later.tasks[0]!.recordsIn = 120;
    later.tasks[0]!.recordsOut = 110;
    const second = buildSnapshot({ ...base, now: 1_002_000, metrics: later, previous: first.previous });
    expect(second.snapshot.connectors.find((c) => c.name === 'src')!.tasks[0]).toMatchObject({ inPerSec: 10, outPerSec: 10 });
    const snk = second.snapshot.connectors.find((c) => c.name === 'snk')!;
    expect(snk.lag).toEqual({ group: 'connect-snk', total: 7 });
    expect(snk.tasks[0]).toMatchObject({ state: 'FAILED', errors: 3, error: 'java.lang.Boom: x' });
    expect(second.snapshot.worker).toEqual({ pid: 42, rssBytes: 300 * 1048576, heapUsedBytes: 104857600, heapMaxBytes: 536870912 });
    const text = topText(second.snapshot, 2000);
    expect(text).toContain('worker pid 42  heap 100 MiB of 512 MiB  RSS 300 MiB');
    expect(text).toMatch(/^snk +- +sink +RUNNING +7$/m);
    expect(text).toMatch(/^ +0 +RUNNING +120 +110 +10\.0 +10\.0 +-/m);
    expect(text).toContain('snk task 0: java.lang.Boom: x');
  });
  it('without metrics the numbers are unknown, not zero', () => {
    const s = buildSnapshot({ url: 'u', version: 'v', now: 1, expanded, lags: new Map(), notes: ['n'] }).snapshot;
    expect(s.worker).toBeNull();
    expect(s.connectors[0]!.tasks[0]).toMatchObject({ recordsIn: null, inPerSec: null, errors: null });
  });
});
