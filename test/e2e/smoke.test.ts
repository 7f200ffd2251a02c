import { describe, expect, inject, it } from 'vitest';
import { withClient } from '../helpers/client.js';

describe('shared test broker', () => {
  it('answers metadata requests', async () => {
    const meta = await withClient(inject('bootstrap'), (c) => c.metadata([]));
    expect(meta.brokers).toHaveLength(1);
    expect(meta.brokers[0]!.nodeId).toBe(0);
    expect(`${meta.brokers[0]!.host}:${meta.brokers[0]!.port}`).toBe(inject('bootstrap'));
  });
});
