import { describe, expect, it } from 'vitest';
import {
  buildJvmCommand,
  DEFAULT_JVM_PERFORMANCE_OPTS,
  defaultHeapOpts,
  heapOptsFromFlag,
  splitOpts,
  type JvmCommandInput,
} from '../../../src/engine/apache/jvm-args.js';
import { classpathEntries, versionFromJars } from '../../../src/engine/apache/classpath.js';
import { parseJavaMajor, requiredJavaMajor } from '../../../src/engine/apache/java.js';
import { progressFromMavenLine, isValidKafkaVersion, usesLog4j2 } from '../../../src/engine/apache/install.js';
import { randomClusterId } from '../../../src/engine/index.js';

function input(over: Partial<JvmCommandInput> = {}): JvmCommandInput {
  return {
    role: 'broker',
    mainClass: 'kafka.Kafka',
    args: ['/c/server.properties'],
    classpath: '/libs/a.jar:/libs/b.jar',
    logDir: '/logs',
    loggingConfig: '/t/log4j.properties',
    log4j2: false,
    env: {},
    ...over,
  };
}

describe('JVM command line', () => {
  it("uses the start scripts' heap defaults per role", () => {
    expect(defaultHeapOpts('broker')).toEqual(['-Xmx1G', '-Xms1G']);
    expect(defaultHeapOpts('zookeeper')).toEqual(['-Xmx512M', '-Xms512M']);
    expect(buildJvmCommand(input()).args.slice(0, 2)).toEqual(['-Xmx1G', '-Xms1G']);
    expect(buildJvmCommand(input({ role: 'zookeeper' })).args.slice(0, 2)).toEqual(['-Xmx512M', '-Xms512M']);
  });

  it('KAFKA_HEAP_OPTS wins over --heap, which wins over the default', () => {
    expect(buildJvmCommand(input({ heap: '256m' })).args.slice(0, 2)).toEqual(['-Xmx256m', '-Xms256m']);
    const cmd = buildJvmCommand(input({ heap: '256m', env: { KAFKA_HEAP_OPTS: '-Xmx300m  -Xms100m' } }));
    expect(cmd.args.slice(0, 2)).toEqual(['-Xmx300m', '-Xms100m']);
    expect(cmd.args).not.toContain('-Xmx256m');
    expect(heapOptsFromFlag('lots')).toBeUndefined();
  });

  it("orders arguments like kafka-run-class.sh and adds Kafka's performance options by default", () => {
    const { java, args } = buildJvmCommand(input({ env: { KAFKA_OPTS: '-Dfoo=1 -Dbar=2' } }));
    expect(java).toBe('java');
    const i = (s: string) => args.indexOf(s);
    expect(args).toEqual(expect.arrayContaining(DEFAULT_JVM_PERFORMANCE_OPTS));
    expect(i('-Xmx1G')).toBeLessThan(i('-server'));
    expect(i('-server')).toBeLessThan(i('-Dkafka.logs.dir=/logs'));
    expect(i('-Dlog4j.configuration=file:/t/log4j.properties')).toBeLessThan(i('-cp'));
    expect(args[i('-cp') + 1]).toBe('/libs/a.jar:/libs/b.jar');
    expect(i('-cp')).toBeLessThan(i('-Dfoo=1'));
    expect(args.slice(-2)).toEqual(['kafka.Kafka', '/c/server.properties']);
    expect(i('-Dbar=2')).toBe(i('kafka.Kafka') - 1);
  });

  it('honours KAFKA_JVM_PERFORMANCE_OPTS (even empty), KAFKA_LOG4J_OPTS, JAVA_HOME and JMX_PORT', () => {
    const { java, args } = buildJvmCommand(
      input({
        env: {
          JAVA_HOME: '/jdk',
          KAFKA_JVM_PERFORMANCE_OPTS: '-XX:+UseSerialGC',
          KAFKA_LOG4J_OPTS: '-Dlog4j.configuration=file:/mine.properties',
          JMX_PORT: '9999',
        },
      }),
    );
    expect(java).toBe('/jdk/bin/java');
    expect(args).toContain('-XX:+UseSerialGC');
    expect(args).not.toContain('-XX:+UseG1GC');
    expect(args).toContain('-Dlog4j.configuration=file:/mine.properties');
    expect(args).not.toContain('-Dlog4j.configuration=file:/t/log4j.properties');
    expect(args).toContain('-Dcom.sun.management.jmxremote.port=9999');
    expect(buildJvmCommand(input({ env: { KAFKA_JVM_PERFORMANCE_OPTS: '' } })).args).not.toContain('-server');
  });

  it('points log4j2 engines (Kafka 4) at a log4j2 configuration file', () => {
    const { args } = buildJvmCommand(input({ log4j2: true, loggingConfig: '/t/log4j2.properties' }));
    expect(args).toContain('-Dlog4j2.configurationFile=/t/log4j2.properties');
    expect(args.some((a) => a.startsWith('-Dlog4j.configuration='))).toBe(false);
  });

  it('splits option strings on any whitespace', () => {
    expect(splitOpts('  -a   -b\t-c ')).toEqual(['-a', '-b', '-c']);
    expect(splitOpts(undefined)).toEqual([]);
  });
});

describe('classpath', () => {
  it('takes every jar of libs/ (sorted), skipping what kafka-run-class.sh skips, after $CLASSPATH', () => {
    const cp = classpathEntries(
      '/k/libs',
      ['b.jar', 'a.jar', 'x-test.jar', 'y-javadoc.jar', 'connect-file-3.9.2.jar', 'README', 'z-sources.jar.asc'],
      '/extra.jar',
    );
    expect(cp).toEqual(['/extra.jar', '/k/libs/a.jar', '/k/libs/b.jar']);
  });
  it('reads the Kafka version from kafka-clients-<V>.jar', () => {
    expect(versionFromJars(['zookeeper-3.8.4.jar', 'kafka-clients-3.9.2.jar'])).toBe('3.9.2');
    expect(versionFromJars(['zookeeper-3.8.4.jar'])).toBeUndefined();
  });
});

describe('Java version', () => {
  it('parses old and new version strings', () => {
    expect(parseJavaMajor('openjdk version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('bash: java: not found')).toBeUndefined();
  });
  it('needs Java 17 for Kafka 4.x and 8 for 3.x', () => {
    expect(requiredJavaMajor('4.1.2')).toBe(17);
    expect(requiredJavaMajor('3.9.2')).toBe(8);
  });
});

describe('engine install helpers', () => {
  it('recognises Kafka version numbers and the logging backend per line', () => {
    expect(isValidKafkaVersion('3.9.2')).toBe(true);
    expect(isValidKafkaVersion('latest')).toBe(false);
    expect(isValidKafkaVersion('3.9.2; rm -rf /')).toBe(false);
    expect(usesLog4j2('4.0.0')).toBe(true);
    expect(usesLog4j2('3.9.2')).toBe(false);
  });
  it('turns Maven download lines into short progress texts', () => {
    expect(progressFromMavenLine('Downloading from central: https://repo.maven.apache.org/maven2/org/apache/kafka/kafka_2.13/3.9.2/kafka_2.13-3.9.2.jar')).toBe(
      'downloading kafka_2.13-3.9.2.jar',
    );
    expect(progressFromMavenLine('[INFO] BUILD SUCCESS')).toBeUndefined();
  });
  it('makes cluster ids like kafka-storage random-uuid (22 URL-safe base64 chars, never a leading dash)', () => {
    const ids = new Set(Array.from({ length: 200 }, () => randomClusterId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
