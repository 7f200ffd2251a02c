/**
 * On a new cluster the first group request makes the broker create __consumer_offsets
 * (50 partitions by default); until their leaders are elected, group requests answer
 * COORDINATOR_NOT_AVAILABLE / NOT_COORDINATOR. Kafka's console consumer without a group never
 * meets this (it assigns partitions directly), so our consumers wait for the coordinator
 * instead of failing the classic quick start.
 */
import type { Admin } from 'kafkajs';

export async function waitForGroupCoordinator(
  admin: Admin,
  groups: string[],
  timeoutMs: number,
  onSlow?: () => void,
  cancelled: () => boolean = () => false,
): Promise<boolean> {
  const start = Date.now();
  let warned = false;
  for (;;) {
    try {
      await admin.describeGroups(groups);
      return true;
    } catch {
      /* coordinator not available yet */
    }
    if (Date.now() - start >= timeoutMs || cancelled()) return false;
    if (!warned && Date.now() - start > 1500) {
      warned = true;
      onSlow?.();
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}
