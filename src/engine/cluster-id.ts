/** KRaft cluster ids: new ones, and the one a formatted log dir already holds. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readPropertiesFile } from '../config/properties.js';

/** A cluster id as Kafka's Uuid.randomUuid prints it (kafka-storage random-uuid): 16 random bytes, URL-safe base64, no padding. */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id; // Kafka avoids ids that look like command-line flags
  }
}

/** Reads `cluster.id` from the first formatted log dir, if any. */
export function storedClusterId(dirs: string[]): string | undefined {
  for (const d of dirs) {
    try {
      const id = readPropertiesFile(join(d, 'meta.properties')).get('cluster.id');
      if (id) return id;
    } catch {
      /* not formatted */
    }
  }
  return undefined;
}
