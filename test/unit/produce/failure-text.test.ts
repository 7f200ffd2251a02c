import { describe as suite, expect, it } from 'vitest';
import { BrokerError } from '../../../src/client/errors.js';
import { describe } from '../../../src/produce/producer.js';

suite("the console producer's failure text", () => {
  it("is the broker's text, then the error name (docs/errors.md E28)", () => {
    expect(describe(new BrokerError(10, null, 't-0'))).toBe(
      'The request included a message larger than the max message size the server will accept (MESSAGE_TOO_LARGE)',
    );
    expect(describe(new BrokerError(19, 'Messages are rejected since there are fewer in-sync replicas than required.', 't-0'))).toBe(
      'Messages are rejected since there are fewer in-sync replicas than required (NOT_ENOUGH_REPLICAS)',
    );
  });

  it('leaves other errors as they are', () => {
    expect(describe(new Error('interrupted'))).toBe('interrupted');
  });
});
