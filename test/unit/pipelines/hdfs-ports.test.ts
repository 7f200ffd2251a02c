import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hdfsLayout, hdfsSite } from '../../../src/components/hdfs/config.js';
import { portsOfFolder } from '../../../src/components/hdfs/server.js';

describe('hdfs start --dir without port flags', () => {
  it('brings HDFS back on the ports its folder was started with (the lab’s, not Hadoop’s defaults)', () => {
    const layout = hdfsLayout(mkdtempSync(join(tmpdir(), 'kafka-lab-hdfs-ports-')));
    expect(portsOfFolder(layout)).toBeUndefined();
    const ports = { rpc: 30025, http: 30026, datanode: 30027, datanodeHttp: 30028, datanodeIpc: 30029 };
    mkdirSync(layout.conf, { recursive: true });
    writeFileSync(join(layout.conf, 'hdfs-site.xml'), hdfsSite('127.0.0.1', ports, layout));
    expect(portsOfFolder(layout)).toEqual(ports);
    writeFileSync(join(layout.conf, 'hdfs-site.xml'), '<configuration></configuration>');
    expect(portsOfFolder(layout)).toBeUndefined();
  });
});
