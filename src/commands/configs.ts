/**
 * kafka-configs: options become a plan (src/admin/configs-plan.ts: the entities, an --alter's
 * changes, Kafka's checks and texts, before anything connects); the work is src/admin/configs.ts
 * and the client's quota and SCRAM calls over one admin session; the views are Kafka's text or
 * kafka-lab's table and JSON.
 */
import { type ConfigsPlan, configsPlan } from '../admin/configs-plan.js';
import * as c from '../admin/configs.js';
import { listTopicNames } from '../client/admin.js';
import * as quotas from '../client/admin-quotas.js';
import * as scram from '../client/admin-scram.js';
import { connectionOptions } from '../client/connection.js';
import { type AdminSession, openAdmin } from '../client/session.js';
import { KafkaLabError } from '../errors.js';
import { OUTPUT_FORMATS, out, present, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

/** The plan of one action. */
type Planned<A extends ConfigsPlan['action']> = Extract<ConfigsPlan, { action: A }>;

export default defineCommand({
  command: 'configs',
  describe:
    "Describe and change configs of topics, brokers, users, clients and ips: quotas, SCRAM credentials (Kafka's kafka-configs: --describe, --alter --add-config/--delete-config)",
  builder: (y) =>
    connectionOptions(y)
      .option('entity-type', { type: 'string', array: true, describe: 'topics, brokers, broker-loggers, users, clients or ips (users and clients together)' })
      .option('entity-name', { type: 'string', array: true, describe: 'topic name, broker id, user principal name, client id or ip' })
      .option('entity-default', { type: 'count', describe: 'the default entity of the type (brokers: cluster-wide; users/clients/ips: default quotas)' })
      .option('topic', { type: 'string', describe: 'shorthand for --entity-type topics --entity-name T' })
      .option('broker', { type: 'string', describe: 'shorthand for --entity-type brokers --entity-name ID' })
      .option('broker-defaults', { type: 'boolean', describe: 'shorthand for --entity-type brokers --entity-default' })
      .option('broker-logger', { type: 'string', describe: 'shorthand for --entity-type broker-loggers --entity-name ID' })
      .option('user', { type: 'string', describe: 'shorthand for --entity-type users --entity-name U' })
      .option('user-defaults', { type: 'boolean', describe: 'shorthand for --entity-type users --entity-default' })
      .option('client', { type: 'string', describe: 'shorthand for --entity-type clients --entity-name C' })
      .option('client-defaults', { type: 'boolean', describe: 'shorthand for --entity-type clients --entity-default' })
      .option('ip', { type: 'string', describe: 'shorthand for --entity-type ips --entity-name IP' })
      .option('ip-defaults', { type: 'boolean', describe: 'shorthand for --entity-type ips --entity-default' })
      .option('describe', { type: 'boolean', describe: 'show configs (dynamic ones; --all for every config with its source)' })
      .option('all', { type: 'boolean', describe: 'describe: every config, defaults included, with synonyms and sources' })
      .option('alter', { type: 'boolean', describe: 'change configs' })
      .option('force', { type: 'boolean', describe: "accepted for Kafka's scripts (no prompts to suppress)" })
      .option('add-config', { type: 'string', array: true, describe: 'k=v[,k=v] (values with commas in [ ]), e.g. SCRAM-SHA-256=[password=...]' })
      .option('add-config-file', { type: 'string', describe: 'properties file of configs to set' })
      .option('delete-config', { type: 'string', array: true, describe: 'config names to remove (comma list)' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'text' as OutputFormat, describe: 'describe output: text (Kafka), table, json' })
      .example(
        'kafka-lab configs --bootstrap-server localhost:9092 --entity-type topics --entity-name orders --alter --add-config retention.ms=86400000',
        'keep one day',
      )
      .example(
        'kafka-lab configs --entity-type topics --entity-name orders --describe --all',
        'every config with its source (retention.ms=604800000 is the 168 h default)',
      )
      .example('kafka-lab configs --topic orders --alter --delete-config retention.ms', 'back to the broker default')
      .example(
        "kafka-lab configs --alter --entity-type users --entity-name alice --add-config 'SCRAM-SHA-256=[iterations=8192,password=alice-secret]'",
        'a SCRAM user (the password is salted here and never printed)',
      )
      .example('kafka-lab configs --alter --entity-type clients --entity-name app --add-config producer_byte_rate=1048576', 'a produce quota of 1 MB/s')
      .example('kafka-lab configs --describe --entity-type users', "every user's quotas and SCRAM mechanisms"),
  handler: async (argv) => {
    const plan = configsPlan(argv);
    if (plan.action === 'describe-clients' || plan.action === 'alter-clients') {
      const s = await openAdmin(plan.connection);
      try {
        if (plan.action === 'alter-clients') await alterClients(s, plan);
        else await describeClients(s, plan);
      } finally {
        await s.close();
      }
      return;
    }
    const s = await openAdmin(plan.connection, ['DescribeConfigs', 'IncrementalAlterConfigs', 'Metadata']);
    try {
      if (plan.action === 'alter') await alter(s, plan);
      else await describe(s, plan);
    } finally {
      await s.close();
    }
  },
});

/** Kafka's text when the topic an --alter or --describe names is not there. */
async function checkTopicExists(s: AdminSession, name: string): Promise<void> {
  const topics = await s.run(listTopicNames(s.client));
  if (!topics.includes(name)) throw new KafkaLabError(`The topic '${name}' does not exist.`, { hint: 'kafka-lab topics --list shows the topics.' });
}

async function alter(s: AdminSession, { type, name, add, del }: Planned<'alter'>): Promise<void> {
  if (type === 'topics') await checkTopicExists(s, name);
  await c.alterEntityConfigs(s, type, name, add, del);
  out(c.completedMessage(type, name));
}

async function describe(s: AdminSession, { type, name, all, format }: Planned<'describe'>): Promise<void> {
  let names: string[];
  if (name !== undefined) {
    if (type === 'topics') await checkTopicExists(s, name);
    names = [name];
  } else if (type === 'topics') names = (await s.run(listTopicNames(s.client))).sort();
  // every broker, then the cluster-wide default, as Kafka lists them
  else
    names = [
      ...(await s.run(s.client.metadata([]))).brokers
        .map((b) => b.nodeId)
        .sort((a, b) => a - b)
        .map(String),
      ...(type === 'brokers' ? [''] : []),
    ];
  const blocks: { name: string; entries: c.ConfigEntryView[] }[] = [];
  for (const n of names) {
    const entries = await c.describeEntityConfigs(s, type, n);
    const dyn = c.dynamicSourceFor(type, n);
    blocks.push({ name: n, entries: all ? entries : entries.filter((e) => e.source === dyn) });
  }
  present(format, {
    text: () => blocks.map((b) => [c.describeHeader(type, b.name, all), ...b.entries.map(c.formatConfigEntry)].join('\n')).join('\n'),
    table: () => ({
      head: ['ENTITY', 'NAME', 'VALUE', 'SOURCE', 'SENSITIVE', 'READ-ONLY'],
      rows: blocks.flatMap((b) =>
        b.entries.map((e) => [b.name || '<default>', e.name, e.sensitive ? '(sensitive)' : e.value, e.source, String(e.sensitive), String(e.readOnly)]),
      ),
    }),
    json: () => ({
      entityType: type,
      entities: blocks.map((b) => ({
        name: b.name,
        configs: b.entries.map((e) => ({
          name: e.name,
          value: e.sensitive ? null : e.value,
          source: e.source,
          sensitive: e.sensitive,
          readOnly: e.readOnly,
          synonyms: e.synonyms,
        })),
      })),
    }),
  });
}

/** An --alter of users, clients or ips: their quotas, or a user's SCRAM credentials. */
async function alterClients(s: AdminSession, { entities, change }: Planned<'alter-clients'>): Promise<void> {
  if (change.kind === 'quota') {
    if (change.ops.some((o) => o.value === null)) {
      // Kafka refuses to delete a quota that is not set on this entity
      const current = await s.run(quotas.describeClientQuotas(s.client, c.quotaMatches(entities), true), { action: 'describe quotas' });
      const set = new Set((current[0]?.values ?? []).map((v) => v.key));
      const missing = change.ops.filter((o) => o.value === null && !set.has(o.key)).map((o) => o.key);
      if (missing.length > 0)
        throw new KafkaLabError(`Invalid config(s): ${missing.join(',')}`, {
          kind: 'invalid-config',
          hint: 'Only quotas set on this entity can be deleted (kafka-lab configs --describe shows them).',
        });
    }
    await s.run(quotas.alterClientQuotas(s.client, [{ entity: c.quotaEntity(entities), ops: change.ops }]), { action: 'alter quotas' });
  } else {
    await explainScram(
      s.run(
        scram.alterUserScramCredentials(
          s.client,
          change.upsertions.map((u) => ({ user: change.user, ...u })),
          change.deletions.map((mechanism) => ({ user: change.user, mechanism })),
        ),
        { action: `alter the SCRAM credentials of user '${change.user}'` },
      ),
      change.user,
    );
  }
  out(c.completedEntityMessage(entities));
}

/** Quotas of users, clients and ips, and the SCRAM mechanisms of users. */
async function describeClients(s: AdminSession, { entities, withScram, format }: Planned<'describe-clients'>): Promise<void> {
  const entries = await s.run(quotas.describeClientQuotas(s.client, c.quotaMatches(entities), true), { action: 'describe quotas' });
  const users = withScram
    ? (await s.run(scram.describeUserScramCredentials(s.client, entities.names.length > 0 ? entities.names : null), { action: 'describe SCRAM credentials' }))
        // Kafka leaves out users without credentials
        .filter((u) => u.errorCode !== 91)
    : [];
  const credentialsOf = (u: (typeof users)[number]) =>
    u.credentials.map((x) => ({ mechanism: scram.scramMechanismName(x.mechanism), iterations: x.iterations }));
  present(format, {
    text: () =>
      [
        ...c.quotaLines(entries),
        ...users.map((u) =>
          u.errorCode === 0
            ? c.scramLine(u.user, credentialsOf(u))
            : `Error retrieving SCRAM credential configs for user-principal '${u.user}': ${u.errorMessage ?? u.errorCode}`,
        ),
      ].join('\n'),
    table: () => ({
      head: ['USER', 'CLIENT-ID', 'IP', 'CONFIG', 'VALUE'],
      rows: [
        ...entries.flatMap((e) =>
          e.values.map((v) => {
            const part = (t: string) => {
              const p = e.entity.find((x) => x.entityType === t);
              return p ? (p.entityName ?? '<default>') : '';
            };
            return [part('user'), part('client-id'), part('ip'), v.key, String(v.value)];
          }),
        ),
        ...users.flatMap((u) => credentialsOf(u).map((x) => [u.user, '', '', x.mechanism, `iterations=${x.iterations}`])),
      ],
    }),
    json: () => ({
      quotas: entries.map((e) => ({
        entity: Object.fromEntries(e.entity.map((p) => [p.entityType, p.entityName])),
        values: Object.fromEntries(e.values.map((v) => [v.key, v.value])),
      })),
      ...(withScram ? { scramCredentials: users.map((u) => ({ user: u.user, credentials: credentialsOf(u) })) } : {}),
    }),
  });
}

/** The broker's refusals of a credential change, said with what to do instead. */
async function explainScram(p: Promise<void>, user: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    const cause = (err as { cause?: { type?: string; brokerMessage?: string | null } }).cause;
    if (cause?.type === 'RESOURCE_NOT_FOUND')
      throw new KafkaLabError(`user '${user}' has no such SCRAM credential to delete: ${cause.brokerMessage ?? 'not found'}`, {
        kind: 'not-found',
        hint: `kafka-lab configs --describe --entity-type users --entity-name ${user} shows its mechanisms.`,
      });
    if (cause?.type === 'UNACCEPTABLE_CREDENTIAL')
      throw new KafkaLabError(`the broker refused the credential of user '${user}': ${cause.brokerMessage ?? 'unacceptable'}`, {
        kind: 'broker',
        hint: 'Use 4096 to 16384 iterations and a non-empty password and user name.',
      });
    throw err;
  }
}
