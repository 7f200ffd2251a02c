/**
 * Hints that more than one error gives, written once so that they stay the same everywhere.
 * A hint used in one place only stays next to its error.
 */
export const hints = {
  /** a file named on the command line or in a config was not found */
  checkPath: 'Check the path; relative paths are resolved from the current directory.',
  /** a .properties line could not be parsed */
  propertiesLine: 'Java properties lines look like key=value; fix or comment out that line (# at its start).',
  /** a lab folder's own files are missing or damaged */
  regenerateLab: 'Regenerate the lab with kafka-lab cluster-scaffold --force.',
  /** Java cannot be started */
  installJava: 'Install a JDK 17 or set JAVA_HOME.',
  /** a topic name Kafka refuses */
  topicName: "Topic names use ASCII letters, digits, '.', '_' and '-', at most 249 characters.",
  /** a topic that does not exist */
  topicsList: 'kafka-lab topics --list shows the topics.',
  /** a --offset-json-file that is not Kafka's JSON */
  offsetJson: 'Expected {"partitions":[{"topic":"t","partition":0,"offset":3}],"version":1}',
  /** a topic that exists already */
  topicExists: 'Use --if-not-exists to ignore this, or choose another name.',
  /** a broker too old (or too new) for a request kafka-lab needs */
  brokerRelease: 'Use a broker release that supports it (kafka-lab broker-api-versions lists what this one supports).',
  /** a broker that does not answer */
  brokerUnreachable: 'Is the broker running? Check --bootstrap-server (kafka-lab cluster status shows a lab), or raise --timeout.',

  createTopic(topic: string, bootstrap?: string): string {
    return `Create it first: kafka-lab topics --create --topic ${topic}${bootstrap ? ` --bootstrap-server ${bootstrap}` : ''}`;
  },

  installEngine(version: string, installed: string[] = []): string {
    return `Install it with: kafka-lab engine install --version ${version}${installed.length > 0 ? ` (installed: ${installed.join(', ')})` : ''}`;
  },

  /** a port another program holds */
  portInUse(port: number): string {
    return `Another program listens on ${port} (see: ss -ltnp | grep :${port}); stop it or choose another port.`;
  },

  /**
   * A config path from Kafka's quickstart (config/server.properties ...) that is not there:
   * kafka-lab has no config/ folder, but a template for each of those files.
   */
  quickstartConfig(path: string): string | undefined {
    const m = /(?:^|\/)config\/((?:kraft\/)?[\w-]+)\.properties$/.exec(path);
    const template = m ? QUICKSTART_TEMPLATES[m[1]!] : undefined;
    if (!m || !template) return undefined;
    const dir = path.slice(0, path.lastIndexOf('/'));
    return `kafka-lab has no config/ folder of Kafka's; write this file from its template: mkdir -p ${dir} && kafka-lab config print ${template} > ${path}`;
  },

  /** a usage mistake yargs found */
  commandHelp(command: string): string {
    return `kafka-lab ${command} --help shows the options and an example.`;
  },
};

/** Kafka's shipped config files (3.9 and 4.x layouts) → kafka-lab's template of the same file. */
const QUICKSTART_TEMPLATES: Record<string, string> = {
  server: 'server',
  zookeeper: 'zookeeper',
  'kraft/server': 'kraft/server',
  'kraft/reconfig-server': 'kraft/server',
  producer: 'producer',
  consumer: 'consumer',
  'connect-standalone': 'connect-standalone',
  'connect-distributed': 'connect-distributed',
  'connect-file-source': 'connect-file-source',
  'connect-file-sink': 'connect-file-sink',
};
