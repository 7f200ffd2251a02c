import { describe, expect, it } from 'vitest';
import { parseConnectString } from '../../../src/zk/client.js';
import { notWhitelisted, parseSrvr } from '../../../src/zk/four-letter.js';
import { formatChildren, formatStat, javaDateString, splitCommand } from '../../../src/zk/shell.js';

describe('zookeeper-shell formats', () => {
  it('prints children sorted like ZooKeeperMain', () => {
    expect(formatChildren(['2', '0', '1'])).toBe('[0, 1, 2]\n');
    expect(formatChildren([])).toBe('[]\n');
  });

  it('prints a stat like StatPrinter, with Java Date#toString times', () => {
    const text = formatStat(
      {
        czxid: 4n,
        mzxid: 0x1an,
        ctime: 1795541342000,
        mtime: 1795541342000,
        version: 0,
        cversion: 3,
        aversion: 0,
        ephemeralOwner: 0x1000123n,
        dataLength: 7,
        numChildren: 3,
        pzxid: 0xdn,
      },
      'UTC',
    );
    expect(text).toBe(
      [
        'cZxid = 0x4',
        'ctime = Tue Nov 24 17:29:02 UTC 2026',
        'mZxid = 0x1a',
        'mtime = Tue Nov 24 17:29:02 UTC 2026',
        'pZxid = 0xd',
        'cversion = 3',
        'dataVersion = 0',
        'aclVersion = 0',
        'ephemeralOwner = 0x1000123',
        'dataLength = 7',
        'numChildren = 3',
        '',
      ].join('\n'),
    );
  });

  it('pads the day of month like Java', () => {
    expect(javaDateString(Date.UTC(2024, 0, 5, 3, 4, 5), 'UTC')).toBe('Fri Jan 05 03:04:05 UTC 2024');
  });

  it('splits commands and connect strings', () => {
    expect(splitCommand('  ls   /brokers/ids ')).toEqual(['ls', '/brokers/ids']);
    expect(parseConnectString('zk1:2181,zk2:2181/kafka')).toEqual({ host: 'zk1', port: 2181, chroot: '/kafka' });
    expect(parseConnectString('localhost')).toEqual({ host: 'localhost', port: 2181, chroot: '' });
  });
});

describe('four-letter words', () => {
  it('parses srvr', () => {
    const s = parseSrvr(
      'Zookeeper version: 3.8.4-9316c2a, built on 2024-02-12 22:16 UTC\nLatency min/avg/max: 0/0.5/18\nReceived: 379\nSent: 387\nConnections: 2\nOutstanding: 0\nZxid: 0x6d\nMode: standalone\nNode count: 63\n',
    );
    expect(s).toMatchObject({
      version: '3.8.4-9316c2a, built on 2024-02-12 22:16 UTC',
      latency: { min: 0, avg: 0.5, max: 18 },
      received: 379,
      connections: 2,
      zxid: '0x6d',
      mode: 'standalone',
      nodeCount: 63,
    });
  });
  it('recognises a refused word', () => {
    expect(notWhitelisted('ruok is not executed because it is not in the whitelist.\n')).toBe(true);
    expect(notWhitelisted('imok')).toBe(false);
  });
});
