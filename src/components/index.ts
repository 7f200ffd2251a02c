/**
 * The data-lake components, driven from code (cluster up/down/status of a pipelines lab, the
 * demo) as well as from their commands: each start takes a folder and ports and returns the
 * ServerRecords it started (pid files in the run folder, like brokers); each stop stops by pid.
 */
export {
  type DbConnection,
  type DbKind,
  DB_KINDS,
  DEFAULT_DB_PORTS,
  dbConnection,
  SEED_DATABASE,
  SEED_TABLE,
} from './db/config.js';
export {
  connectionOf,
  databaseStatus,
  type DbStartOptions,
  type DbStartResult,
  type DbStatus,
  runningDatabases,
  runSql,
  seedDatabase,
  startDatabase,
  stopDatabase,
} from './db/server.js';
export { DEFAULT_HDFS_PORTS, type HdfsPorts } from './hdfs/config.js';
export {
  defaultHdfsDir,
  formatHdfs,
  type HdfsOptions,
  type HdfsStartResult,
  type HdfsStatus,
  hdfsStatus,
  runningHdfs,
  startHdfs,
  stopHdfs,
} from './hdfs/server.js';
export { createFile, listStatus, mkdirs, nameNodeState, readFile, type WebHdfsOptions } from './hdfs/webhdfs.js';
export { DEFAULT_MQTT_PORT, type MqttOptions, type MqttStartResult, mqttAnswers, runningMqtt, startMqtt, stopMqtt } from './mqtt/server.js';
export { childPids, componentDir, type ComponentKind, type ListedComponent, listComponents } from './records.js';
// where a database folder may live: PostgreSQL refuses root, so as root it runs as `postgres`, which must reach its folder
export { type OsUser, serverUser, unreachableAncestor } from './server-user.js';
