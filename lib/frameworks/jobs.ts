import type { FrameworkModel, HandlerSpec } from '../models/types';
import { queue } from './boundaries';

const processor: HandlerSpec = { what: 'job processor', args: 'functions', nameArg: 0 };

/** BullMQ: `new Worker(queueName, async job => …)`. */
export const bullmq: FrameworkModel = {
  id: 'bullmq',
  name: 'BullMQ',
  modules: [{ name: 'bullmq', exports: 'module' }],
  shapes: {
    module: { props: { Worker: 'WorkerClass', Queue: 'QueueClass', FlowProducer: 'QueueClass' } },
    WorkerClass: { construct: { handlers: { what: 'job processor', args: [1], nameArg: 0 } } },
    QueueClass: { construct: { returns: 'Queue' } },
    // Job data is serialised to Redis: `queue.add(name, data)`, `addBulk([{ name, data }])`.
    Queue: {
      methods: {
        add: { ...queue('a BullMQ job', [1]), slow: 'adding a BullMQ job (a Redis round trip)' },
        addBulk: { ...queue('a BullMQ job', [0]), slow: 'adding BullMQ jobs (a Redis round trip)' },
      },
    },
  },
};

/** Bull and Bee-Queue: `queue.process([name,] [concurrency,] fn)`. */
export const bull: FrameworkModel = {
  id: 'bull',
  name: 'Bull',
  modules: [
    { name: 'bull', exports: 'QueueClass' },
    { name: 'bee-queue', exports: 'QueueClass' },
  ],
  shapes: {
    QueueClass: { construct: { returns: 'Queue' }, call: { returns: 'Queue' }, props: { default: 'QueueClass' } },
    Queue: {
      methods: {
        process: { handlers: processor },
        add: { ...queue('a queued job', [0, 1]), slow: 'adding a job (a Redis round trip)' },
        createJob: queue('a queued job', [0]),
      },
    },
  },
};

/** Agenda: `agenda.define(name, async job => …)`. */
export const agenda: FrameworkModel = {
  id: 'agenda',
  name: 'Agenda',
  modules: [{ name: 'agenda', exports: 'module' }, { name: '@hokify/agenda', exports: 'module' }],
  shapes: {
    module: { props: { Agenda: 'AgendaClass', default: 'AgendaClass' }, construct: { returns: 'Agenda' } },
    AgendaClass: { construct: { returns: 'Agenda' } },
    Agenda: {
      methods: {
        define: { handlers: processor },
        now: queue('an Agenda job', [1]),
        schedule: queue('an Agenda job', [2]),
        every: queue('an Agenda job', [2]),
      },
    },
  },
};

/** pg-boss: `boss.work(name, [options,] async jobs => …)`. */
export const pgBoss: FrameworkModel = {
  id: 'pg-boss',
  name: 'pg-boss',
  modules: [{ name: 'pg-boss', exports: 'PgBossClass' }],
  shapes: {
    PgBossClass: { construct: { returns: 'PgBoss' }, props: { default: 'PgBossClass', PgBoss: 'PgBossClass' } },
    PgBoss: {
      methods: {
        work: { handlers: processor },
        send: queue('a pg-boss job', [0, 1]),
        sendAfter: queue('a pg-boss job', [1]),
        publish: queue('a pg-boss job', [1]),
      },
    },
  },
};

/** KafkaJS: `consumer.run({ eachMessage })`. */
export const kafkajs: FrameworkModel = {
  id: 'kafkajs',
  name: 'KafkaJS',
  modules: [{ name: 'kafkajs', exports: 'module' }],
  shapes: {
    module: { props: { Kafka: 'KafkaClass' } },
    KafkaClass: { construct: { returns: 'Kafka' } },
    Kafka: { methods: { consumer: { returns: 'Consumer' }, producer: { returns: 'Producer' } } },
    Producer: { methods: { send: { slow: 'a Kafka publish' }, sendBatch: { slow: 'a Kafka publish' } } },
    Consumer: {
      methods: { run: { handlers: { what: 'message handler', props: { arg: 0, names: ['eachMessage', 'eachBatch'] } } } },
    },
  },
};

/** sqs-consumer: `Consumer.create({ handleMessage })`. */
export const sqsConsumer: FrameworkModel = {
  id: 'sqs-consumer',
  name: 'sqs-consumer',
  modules: [{ name: 'sqs-consumer', exports: 'module' }],
  shapes: {
    module: { props: { Consumer: 'ConsumerClass' } },
    ConsumerClass: {
      construct: { handlers: { what: 'message handler', props: { arg: 0, names: ['handleMessage', 'handleMessageBatch'] } } },
      methods: {
        create: { handlers: { what: 'message handler', props: { arg: 0, names: ['handleMessage', 'handleMessageBatch'] } } },
      },
    },
  },
};

/** amqplib: `channel.consume(queue, msg => …)`. */
export const amqplib: FrameworkModel = {
  id: 'amqplib',
  name: 'amqplib',
  modules: [{ name: 'amqplib', exports: 'module' }],
  shapes: {
    module: { props: { connect: 'Connect', default: 'module' } },
    Connect: { call: { resolves: 'Connection' } },
    Connection: { methods: { createChannel: { resolves: 'Channel' }, createConfirmChannel: { resolves: 'Channel' } } },
    Channel: {
      methods: {
        consume: { handlers: { what: 'message handler', args: [1], nameArg: 0 } },
        // Confirm channels (and amqp-connection-manager wrappers) return a promise of the broker's ack.
        publish: { slow: 'a RabbitMQ publish' },
        sendToQueue: { slow: 'a RabbitMQ publish' },
        waitForConfirms: { slow: 'a RabbitMQ publish confirmation' },
      },
    },
  },
};

/**
 * @golevelup/nestjs-rabbitmq: the `AmqpConnection` a NestJS service is injected with publishes
 * through a confirm channel (the promise waits for the broker's ack) and `request()` waits for the
 * RPC reply (10 s by default).
 */
export const golevelupRabbitmq: FrameworkModel = {
  id: 'golevelup-rabbitmq',
  name: '@golevelup/nestjs-rabbitmq',
  modules: [{ name: '@golevelup/nestjs-rabbitmq', exports: 'module' }],
  shapes: {
    module: { props: { AmqpConnection: 'AmqpConnectionClass' } },
    AmqpConnectionClass: { construct: { returns: 'AmqpConnection' } },
    AmqpConnection: {
      methods: {
        publish: { slow: 'a RabbitMQ publish' },
        request: { slow: 'a RabbitMQ RPC request (it waits for the reply)' },
      },
    },
  },
  types: { AmqpConnection: 'AmqpConnection' },
};

/** tRPC: `t.procedure.input(…).query(fn)`. Procedures imported from elsewhere are recognised by shape (lib/frameworks/conventions.ts). */
export const trpc: FrameworkModel = {
  id: 'trpc',
  name: 'tRPC',
  modules: [{ name: '@trpc/server', exports: 'module' }],
  shapes: {
    module: { props: { initTRPC: 'Init' } },
    Init: { methods: { create: { returns: 'T' }, context: { returns: 'Init' }, meta: { returns: 'Init' } } },
    T: { props: { procedure: 'Procedure' } },
    Procedure: {
      methods: {
        input: { returns: 'Procedure' },
        output: { returns: 'Procedure' },
        use: { returns: 'Procedure' },
        meta: { returns: 'Procedure' },
        concat: { returns: 'Procedure' },
        query: { handlers: { what: 'procedure', args: [0] } },
        mutation: { handlers: { what: 'procedure', args: [0] } },
        subscription: { handlers: { what: 'procedure', args: [0] } },
      },
    },
  },
};
