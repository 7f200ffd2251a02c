import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaffoldCluster } from '../../../src/cluster/scaffold.js';
import { portsInUse, writeScaffold } from '../../../src/cluster/write-scaffold.js';
import { portIsFree } from '../../../src/util/ports.js';

const root = mkdtempSync(join(tmpdir(), 'kafka-lab-write-scaffold-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeScaffold', () => {
  it('writes every file, refuses to overwrite without force, and with force clears the old lab data', () => {
    const dir = join(root, 'lab');
    const s = scaffoldCluster({ brokers: 2, dir, mode: 'zookeeper', engineVersion: '3.9.2' });
    writeScaffold(s, dir, false);
    for (const f of s.files) expect(readFileSync(join(dir, f.name), 'utf8')).toBe(f.content);
    expect(() => writeScaffold(s, dir, false)).toThrow(/already holds a lab/);
    mkdirSync(join(dir, 'data', 'broker-1'), { recursive: true });
    writeScaffold(s, dir, true);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('never deletes a data folder of a folder that was not a lab', () => {
    const dir = join(root, 'other');
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'keep.txt'), 'mine');
    const s = scaffoldCluster({ brokers: 1, dir, mode: 'zookeeper', engineVersion: '3.9.2' });
    writeScaffold(s, dir, true);
    expect(readFileSync(join(dir, 'data', 'keep.txt'), 'utf8')).toBe('mine');
  });
});

describe('port checks', () => {
  it('reports a port something listens on, and not a free one', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as { port: number }).port;
    try {
      expect(await portIsFree(port)).toBe(false);
      expect(await portsInUse([{ port, owner: 'broker 1' }])).toEqual([{ port, owner: 'broker 1' }]);
    } finally {
      await new Promise((r) => srv.close(r));
    }
    expect(await portIsFree(port)).toBe(true);
  });
});
