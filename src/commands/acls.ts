import { createInterface, type Interface } from 'node:readline';
import * as acls from '../admin/acls.js';
import { createAcls, deleteAcls, describeAcls, type AclBinding } from '../client/admin-acls.js';
import { connectionOptions } from '../client/connection.js';
import { openAdmin } from '../client/session.js';
import { UsageError } from '../errors.js';
import { info, OUTPUT_FORMATS, out, present, write, type Io, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

/** A repeatable string option (yargs types it string[] because array is literally true). */
const list = (describe: string) => ({ type: 'string', array: true, describe }) as const;

export default defineCommand({
  command: 'acls',
  describe: "Add, remove and list ACLs (Kafka's kafka-acls): --add/--remove/--list, --producer/--consumer conveniences",
  builder: (y) =>
    connectionOptions(y)
      .option('add', { type: 'boolean', describe: 'add ACLs' })
      .option('remove', { type: 'boolean', describe: 'remove ACLs (asks first, unless --force)' })
      .option('list', { type: 'boolean', describe: 'list ACLs (all, or of the resources given)' })
      .option('topic', list("topic the ACLs are about ('*': every topic)"))
      .option('group', list("consumer group the ACLs are about ('*': every group)"))
      .option('cluster', { type: 'boolean', describe: 'the cluster resource (create topics, idempotent writes, cluster actions)' })
      .option('transactional-id', list("transactional id the ACLs are about ('*': all)"))
      .option('delegation-token', list('delegation token id'))
      .option('user-principal', list('a user principal as a resource (CreateTokens/DescribeTokens)'))
      .option('resource-pattern-type', { type: 'string', describe: 'literal (default) or prefixed; with --list/--remove also any or match' })
      .option('allow-principal', list("principalType:name allowed (User:'*' = every user)"))
      .option('deny-principal', list('principalType:name denied (deny wins over allow)'))
      .option('allow-host', list('host the allowed principals may connect from (default *)'))
      .option('deny-host', list('host the denied principals are denied from (default *)'))
      .option(
        'operation',
        list('Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, All (default All)'),
      )
      .option('producer', { type: 'boolean', describe: 'producer role: Write, Describe, Create on --topic (and on --transactional-id Write, Describe)' })
      .option('consumer', { type: 'boolean', describe: 'consumer role: Read, Describe on --topic and Read on --group' })
      .option('idempotent', { type: 'boolean', describe: 'with --producer: IdempotentWrite on the cluster' })
      .option('principal', list('with --list: only the ACLs of this principal'))
      .option('force', { type: 'boolean', describe: 'remove without asking' })
      .option('authorizer-properties', { type: 'string', array: true, hidden: true })
      .option('authorizer', { type: 'string', hidden: true })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'text' as OutputFormat, describe: "text (Kafka's), table or json" })
      .example('kafka-lab acls --add --allow-principal User:client --producer --topic orders', 'let the user client write to orders')
      .example('kafka-lab acls --add --allow-principal User:client --consumer --topic orders --group order-readers', 'and read it in a group')
      .example('kafka-lab acls --list --topic orders', "the ACLs of one topic, as Kafka's kafka-acls prints them")
      .example('kafka-lab acls --remove --allow-principal User:client --producer --topic orders --force', 'take the rights back'),
  handler: async (argv, io) => {
    if (argv.authorizerProperties?.length || argv.authorizer)
      throw new UsageError(
        'kafka-lab manages ACLs through the brokers, not through the authorizer or ZooKeeper directly',
        'Use --bootstrap-server (and --command-config for a secured cluster), as Kafka recommends since 2.x.',
      );
    const plan = acls.planAcls(argv);
    const format = argv.output;
    // Kafka asks before each removal; the answers are read before connecting, so a closed stdin costs nothing
    const confirmed = plan.action === 'remove' ? await confirmRemovals(plan, io, format === 'text') : [];
    const s = await openAdmin(argv);
    try {
      if (plan.action === 'add') {
        for (const r of acls.sortResources(plan.resources)) {
          if (format === 'text') write(acls.addingText(r));
          await s.run(createAcls(s.client, acls.bindingsOf(r)), { action: 'add ACLs' });
        }
        if (format !== 'text') {
          const added = acls.groupByResource(plan.resources.flatMap(acls.bindingsOf));
          present(format, {
            text: () => '',
            table: () => ({ head: acls.TABLE_HEAD, rows: acls.tableRows(added) }),
            json: () => ({ added: added.flatMap((g) => g.entries.map((e) => acls.bindingView(g.resource, e))) }),
          });
        }
        return;
      }
      if (plan.action === 'remove') {
        const removed: AclBinding[] = [];
        for (const r of confirmed) removed.push(...(await s.run(deleteAcls(s.client, acls.deleteFiltersOf(r)), { action: 'remove ACLs' })));
        const groups = acls.groupByResource(removed);
        if (format === 'text') info(`Removed ${removed.length} ACL${removed.length === 1 ? '' : 's'}.`);
        else
          present(format, {
            text: () => '',
            table: () => ({ head: acls.TABLE_HEAD, rows: acls.tableRows(groups) }),
            json: () => ({ removed: groups.flatMap((g) => g.entries.map((e) => acls.bindingView(g.resource, e))) }),
          });
        return;
      }
      const found: AclBinding[] = [];
      const filters = plan.filters.length > 0 ? plan.filters : [undefined];
      for (const f of filters) found.push(...(await s.run(describeAcls(s.client, acls.listFilterOf(f)), { action: 'list ACLs' })));
      let groups = acls.groupByResource(found);
      if (plan.principals.length > 0 && format !== 'text')
        groups = groups.map((g) => ({ ...g, entries: g.entries.filter((e) => plan.principals.includes(e.principal)) })).filter((g) => g.entries.length > 0);
      present(format, {
        text: () => '',
        table: () => ({ head: acls.TABLE_HEAD, rows: acls.tableRows(groups) }),
        json: () => ({ acls: groups.flatMap((g) => g.entries.map((e) => acls.bindingView(g.resource, e))) }),
      });
      if (format === 'text') write(plan.principals.length > 0 ? acls.currentByPrincipalText(groups, plan.principals) : acls.currentText(groups));
    } finally {
      await s.close();
    }
  },
});

/** Answers read line by line from the run's stdin (Kafka reads them even when it is a pipe). */
function lineReader(io: Io): { next(): Promise<string | undefined>; close(): void } {
  let iterator: AsyncIterator<string> | undefined;
  let rl: Interface | undefined;
  return {
    async next() {
      if (!iterator) {
        rl = createInterface({ input: io.stdin, terminal: false });
        iterator = rl[Symbol.asyncIterator]();
      }
      const r = await iterator.next();
      return r.done ? undefined : r.value;
    },
    close() {
      rl?.close();
    },
  };
}

async function confirmRemovals(plan: acls.AclsPlan & { action: 'remove' }, io: Io, text: boolean) {
  const ordered = acls.sortResources(plan.resources);
  if (plan.force) return ordered;
  const answers = lineReader(io);
  const yes: typeof ordered = [];
  try {
    for (const r of ordered) {
      // Kafka asks on stdout; with --output json/table stdout stays for the result
      (text ? out : info)(acls.removeQuestion(r));
      const answer = await answers.next();
      if (answer === undefined)
        throw new UsageError('no answer to the question above (standard input is closed): nothing was removed', 'Add --force to remove without asking.');
      if (answer.trim().toLowerCase() === 'y') yes.push(r);
    }
  } finally {
    answers.close();
  }
  return yes;
}
