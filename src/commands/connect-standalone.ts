import { connectWorkerCommand } from './connect-worker-command.js';

export default connectWorkerCommand('standalone', {
  describe: 'Start a Kafka Connect worker in standalone mode (connect-standalone.sh): connectors from files, offsets in a local file',
  usage: 'kafka-lab connect-standalone [-daemon] worker.properties [connector1.properties connector2.json ...]',
  examples: [
    ['kafka-lab config print connect-standalone > worker.properties', 'a worker config whose plugin.path is kafka-lab’s plugin folder'],
    ['kafka-lab connect-standalone worker.properties file-source.properties', 'in the foreground (Ctrl-C stops it cleanly)'],
    ['kafka-lab connect-standalone -daemon worker.properties file-source.properties file-sink.json', 'in the background; returns when the REST API answers'],
  ],
});
