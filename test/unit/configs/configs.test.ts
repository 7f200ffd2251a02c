import { describe, expect, it } from 'vitest';
import { completedMessage, describeHeader, formatConfigEntry, parseAddConfig } from '../../../src/admin/configs.js';

describe('configs text', () => {
  it("parses Kafka's --add-config syntax with [ ] groups", () => {
    expect(parseAddConfig('retention.ms=1000,cleanup.policy=[compact,delete],x=')).toEqual([
      ['retention.ms', '1000'],
      ['cleanup.policy', 'compact,delete'],
      ['x', ''],
    ]);
    expect(() => parseAddConfig('retention.ms')).toThrow('must be in the format "key=val"');
  });
  it('formats entries, headers and completion lines', () => {
    expect(
      formatConfigEntry({
        name: 'retention.ms',
        value: '1',
        source: 'DYNAMIC_TOPIC_CONFIG',
        sensitive: false,
        readOnly: false,
        synonyms: [
          { name: 'retention.ms', value: '1', source: 'DYNAMIC_TOPIC_CONFIG' },
          { name: 'log.retention.hours', value: '168', source: 'STATIC_BROKER_CONFIG' },
        ],
      }),
    ).toBe('  retention.ms=1 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1, STATIC_BROKER_CONFIG:log.retention.hours=168}');
    expect(describeHeader('topics', 't', false)).toBe('Dynamic configs for topic t are:');
    expect(describeHeader('topics', 't', true)).toBe('All configs for topic t are:');
    expect(describeHeader('brokers', '', false)).toBe('Default configs for brokers in the cluster are:');
    expect(completedMessage('topics', 't')).toBe('Completed updating config for topic t.');
    expect(completedMessage('brokers', '')).toBe('Completed updating default config for brokers in the cluster.');
  });
});
