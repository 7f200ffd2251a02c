/** The device simulator for code (the pipelines demo): readings, the loop, and its two sinks. */
export { openKafkaReadingSink, type KafkaSinkOptions } from './kafka-sink.js';
export { openMqttSink, type MqttSinkOptions } from './mqtt-sink.js';
export { createDevices, nextReading, type Reading, readingTopic, seededRng } from './readings.js';
export { liveLine, type ReadingSink, runSimulation, type SimulationPlan, type SimulationStats, summaryLine } from './simulator.js';
