/** Who a server runs as, and whether that user can reach its folder (PostgreSQL as `postgres`). */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canTraverse, parseGroups, parsePasswd, unreachableAncestor } from '../../../src/components/server-user.js';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\npostgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\n';
const GROUP = 'root:x:0:\nssl-cert:x:103:postgres\npostgres:x:104:\nstaff:x:50:alice,postgres\n';

describe('users and groups', () => {
  it('reads a user and its supplementary groups', () => {
    expect(parsePasswd(PASSWD, 'postgres')).toEqual({ name: 'postgres', uid: 101, gid: 104, home: '/var/lib/postgresql' });
    expect(parsePasswd(PASSWD, 'nobody')).toBeUndefined();
    expect(parseGroups(GROUP, 'postgres')).toEqual([103, 50]);
  });

  it('x permission by owner, group, others; root passes everywhere', () => {
    expect(canTraverse(0o700, 0, 0, 101, [104])).toBe(false);
    expect(canTraverse(0o711, 0, 0, 101, [104])).toBe(true);
    expect(canTraverse(0o750, 0, 104, 101, [104])).toBe(true);
    expect(canTraverse(0o700, 101, 104, 101, [104])).toBe(true);
    expect(canTraverse(0o000, 5, 5, 0, [0])).toBe(true);
  });
});

describe('unreachableAncestor', () => {
  const root = mkdtempSync(join(tmpdir(), 'kafka-lab-reach-'));
  afterAll(() => {
    chmodSync(root, 0o700);
    rmSync(root, { recursive: true, force: true });
  });
  // a user that owns nothing here and is in no group of these folders
  const stranger = { name: 'kafka-lab-test-stranger', uid: 54321, gid: 54321, home: '/nonexistent' };

  it('names the first folder on the way that the user cannot pass', () => {
    const closed = join(root, 'closed');
    mkdirSync(join(closed, 'inner'), { recursive: true });
    chmodSync(root, 0o711);
    chmodSync(closed, 0o700);
    expect(unreachableAncestor(join(closed, 'inner', 'pg'), stranger)).toBe(closed);
    chmodSync(closed, 0o711);
    expect(unreachableAncestor(join(closed, 'inner', 'pg'), stranger)).toBeUndefined();
  });

  it('folders still to be created do not count (kafka-lab creates them open)', () => {
    chmodSync(root, 0o711);
    expect(unreachableAncestor(join(root, 'not', 'yet', 'there'), stranger)).toBeUndefined();
  });
});
