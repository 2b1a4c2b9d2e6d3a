export { QUEUES, JOBS, bullConnection, type QueueName } from './queues';
export { RedisService } from './redis.service';
export { QueueModule } from './queue.module';
