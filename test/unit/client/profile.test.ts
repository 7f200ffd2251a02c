import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILE_FILE, resolveBootstrap } from '../../../src/client/profile.js';

describe('where the bootstrap servers come from', () => {
  const empty = mkdtempSync(join(tmpdir(), 'kl-prof-empty-'));
  const lab = mkdtempSync(join(tmpdir(), 'kl-prof-lab-'));
  writeFileSync(join(lab, PROFILE_FILE), JSON.stringify({ bootstrapServers: 'h1:9092, h2:9093', commandConfig: 'client.properties' }));

  it('flag, then the profile in this folder, then $KAFKA_BOOTSTRAP_SERVERS, then localhost:9092', () => {
    expect(resolveBootstrap('a:1,b:2', { KAFKA_BOOTSTRAP_SERVERS: 'e:1' }, lab)).toEqual({ servers: ['a:1', 'b:2'], source: 'flag' });
    expect(resolveBootstrap(undefined, { KAFKA_BOOTSTRAP_SERVERS: 'e:1' }, lab)).toEqual({
      servers: ['h1:9092', 'h2:9093'],
      source: 'profile',
      commandConfig: join(lab, 'client.properties'),
    });
    expect(resolveBootstrap(undefined, { KAFKA_BOOTSTRAP_SERVERS: 'e:1' }, empty)).toEqual({ servers: ['e:1'], source: 'env' });
    expect(resolveBootstrap(undefined, {}, empty)).toEqual({ servers: ['localhost:9092'], source: 'default' });
  });
});
