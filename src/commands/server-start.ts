import { startCommand } from './start-command.js';

export default startCommand({
  role: 'broker',
  name: 'server-start',
  describe: 'Start a Kafka broker (kafka-server-start.sh): ZooKeeper mode or KRaft (formats storage on first start)',
  configHelp: 'the broker config (server.properties)',
  engineHelp: 'Kafka version to run (kafka-lab engine list); default: the default engine',
  heapHelp: 'JVM heap, e.g. 512m (KAFKA_HEAP_OPTS wins; default -Xmx1G -Xms1G)',
  usage: 'kafka-lab server-start [-daemon] server.properties [--override property=value]*',
  examples: [
    ['kafka-lab server-start server.properties', 'a broker in the foreground (Ctrl-C stops it cleanly)'],
    ['kafka-lab server-start -daemon server.properties --override broker.id=1', 'in the background, with an override'],
    ['kafka-lab server-start --engine 4.1.2 kraft-server.properties', 'a KRaft node on Kafka 4.1.2'],
  ],
});
