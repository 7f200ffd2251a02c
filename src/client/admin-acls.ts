/**
 * ACL requests (CreateAcls, DescribeAcls, DeleteAcls) on a KafkaClient, the way Kafka's
 * AdminClient sends them: to any broker (in KRaft the broker forwards them to the controller).
 * Resource types, pattern types, operations and permission types travel as Kafka's codes.
 */
import { createAclsV2, createAclsV3, deleteAclsV2, deleteAclsV3, describeAclsV2, describeAclsV3 } from '@platformatic/kafka';
import { BrokerError } from './errors.js';
import type { KafkaClient } from './kafka-client.js';

/** One ACL: a resource pattern and one access control entry. */
export interface AclBinding {
  resourceType: number;
  resourceName: string;
  patternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}

/** A filter over ACLs: null matches any name, principal or host; ANY (1) any type, pattern, operation, permission. */
export interface AclBindingFilter {
  resourceType: number;
  resourceName: string | null;
  patternType: number;
  principal: string | null;
  host: string | null;
  operation: number;
  permissionType: number;
}

function toWire(b: AclBinding | AclBindingFilter) {
  return {
    resourceType: b.resourceType as 2,
    resourceName: b.resourceName as string,
    resourcePatternType: b.patternType as 3,
    principal: b.principal as string,
    host: b.host as string,
    operation: b.operation as 2,
    permissionType: b.permissionType as 3,
  };
}

function fromWire(a: {
  resourceType: number;
  resourceName: string;
  resourcePatternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}): AclBinding {
  return {
    resourceType: a.resourceType,
    resourceName: a.resourceName,
    patternType: a.resourcePatternType,
    principal: a.principal,
    host: a.host,
    operation: a.operation,
    permissionType: a.permissionType,
  };
}

/** Creates the bindings; throws the broker's first per-binding error. */
export async function createAcls(c: KafkaClient, bindings: AclBinding[]): Promise<void> {
  const r = await c.call('any', [createAclsV2, createAclsV3], [bindings.map(toWire)], { lenient: true });
  const bad = r.results.find((x) => x.errorCode !== 0);
  if (bad) throw new BrokerError(bad.errorCode, bad.errorMessage ?? null, 'acls');
}

/** The ACLs matching a filter; throws the broker's error (e.g. SECURITY_DISABLED without an authorizer). */
export async function describeAcls(c: KafkaClient, filter: AclBindingFilter): Promise<AclBinding[]> {
  const r = await c.call('any', [describeAclsV2, describeAclsV3], [toWire(filter)], { lenient: true });
  if (r.errorCode !== 0) throw new BrokerError(r.errorCode, r.errorMessage ?? null, 'acls');
  return r.resources.flatMap((res) =>
    res.acls.map((a) =>
      fromWire({
        resourceType: res.resourceType,
        resourceName: res.resourceName,
        resourcePatternType: res.resourcePatternType,
        principal: a.principal,
        host: a.host,
        operation: a.operation,
        permissionType: a.permissionType,
      }),
    ),
  );
}

/** Deletes every ACL matching each filter and returns the ACLs deleted; throws the broker's first error. */
export async function deleteAcls(c: KafkaClient, filters: AclBindingFilter[]): Promise<AclBinding[]> {
  const r = await c.call('any', [deleteAclsV2, deleteAclsV3], [filters.map(toWire)], { lenient: true });
  const deleted: AclBinding[] = [];
  for (const f of r.filterResults) {
    if (f.errorCode !== 0) throw new BrokerError(f.errorCode, f.errorMessage ?? null, 'acls');
    for (const m of f.matchingAcls) {
      if (m.errorCode !== 0) throw new BrokerError(m.errorCode, m.errorMessage ?? null, 'acls');
      deleted.push(fromWire(m));
    }
  }
  return deleted;
}
