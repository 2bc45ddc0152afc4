// Test helpers for Kafka: real brokers (docker/kafka/kafka-local.sh) and a topic reader.
export {
  type PrivateBroker,
  type PrivateBrokerOptions,
  startPrivateBroker,
  testKafkaBrokers,
} from './kafka-broker';
export {
  type IsolationLevel,
  type ReadTopicOptions,
  type TopicRecord,
  readTopicToEnd,
} from './topic-reader';
export { quietKafkaLogging } from './kafka-logging';
