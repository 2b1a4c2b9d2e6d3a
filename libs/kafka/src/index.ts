export {
  CONSUMER_GROUPS,
  SINK_MEMBERSHIP,
  TOPICS,
  consumerGroup,
  topicName,
  topicSpecs,
  type TopicKey,
  type TopicSpec,
} from './topics';
export { createKafka, ensureTopics } from './kafka-client.factory';
export { KafkaService } from './kafka.service';
export { KafkaModule } from './kafka.module';
