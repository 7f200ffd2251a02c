/**
 * Client quota requests (DescribeClientQuotas, AlterClientQuotas) on a KafkaClient, sent to any
 * broker as Kafka's AdminClient sends them. Entities are lists of (type, name) with Kafka's
 * entity types: user, client-id, ip; a null name is the default entity of that type.
 */
import { alterClientQuotasV1, describeClientQuotasV0 } from '@platformatic/kafka';
import { BrokerError } from './errors.js';
import type { KafkaClient } from './kafka-client.js';

export type QuotaEntityType = 'user' | 'client-id' | 'ip';

export interface QuotaEntityPart {
  entityType: QuotaEntityType;
  /** null: the default entity of this type */
  entityName: string | null;
}

/** How one entity type is matched: a name, the default entity, or any entity of the type. */
export type QuotaMatch = { entityType: QuotaEntityType; match: 'exact'; name: string } | { entityType: QuotaEntityType; match: 'default' | 'any' };

export interface QuotaEntry {
  entity: QuotaEntityPart[];
  values: { key: string; value: number }[];
}

const MATCH_TYPE = { exact: 0, default: 1, any: 2 } as const;

/** The quotas of every entity matching the components; strict: only entities with no other parts. */
export async function describeClientQuotas(c: KafkaClient, components: QuotaMatch[], strict: boolean): Promise<QuotaEntry[]> {
  const wire = components.map((m) =>
    m.match === 'exact'
      ? { entityType: m.entityType as 'user', matchType: MATCH_TYPE.exact, match: m.name }
      : { entityType: m.entityType as 'user', matchType: MATCH_TYPE[m.match] },
  );
  const r = await c.call('any', [describeClientQuotasV0], [wire, strict], { lenient: true });
  if (r.errorCode !== 0) throw new BrokerError(r.errorCode, r.errorMessage ?? null, 'client quotas');
  return r.entries.map((e) => ({
    entity: e.entity.map((p) => ({ entityType: p.entityType as QuotaEntityType, entityName: p.entityName ?? null })),
    values: e.values.map((v) => ({ key: v.key, value: v.value })),
  }));
}

export interface QuotaAlteration {
  entity: QuotaEntityPart[];
  /** value null: remove the quota */
  ops: { key: string; value: number | null }[];
}

/** Sets or removes quotas; throws the broker's first per-entity error. */
export async function alterClientQuotas(c: KafkaClient, alterations: QuotaAlteration[], validateOnly = false): Promise<void> {
  const r = await c.call(
    'any',
    [alterClientQuotasV1],
    [
      alterations.map((a) => ({
        entities: a.entity.map((p) => ({ entityType: p.entityType as 'user', entityName: p.entityName })),
        ops: a.ops.map((o) =>
          o.value === null ? { key: o.key as never, remove: true as const } : { key: o.key as never, value: o.value, remove: false as const },
        ),
      })),
      validateOnly,
    ],
    { lenient: true },
  );
  const bad = r.entries.find((e) => e.errorCode !== 0);
  if (bad) throw new BrokerError(bad.errorCode, bad.errorMessage ?? null, 'client quotas');
}
