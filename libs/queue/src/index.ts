export { QUEUES, JOBS, JOB_SCHEDULERS, bullConnection, type QueueName } from './queues';
export { producerRedis, whenReady, withinBound, closeWithin, RedisUnavailableError } from './producer-redis';
export { RedisService } from './redis.service';
export { QueueModule } from './queue.module';
