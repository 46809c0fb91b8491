import { agenda, amqplib, bull, bullmq, golevelupRabbitmq, kafkajs, pgBoss, sqsConsumer, trpc } from '../frameworks/jobs';
import { childProcess, graphileWorker, workerPools, workerThreads } from '../frameworks/boundaries';
import { express, fastify, hono, koa, nodeHttp, socketIo, tanstackStart } from '../frameworks/http';
import { SERVICES } from '../frameworks/services';
import type { FrameworkModel, LibraryModel } from './types';
import denoPostgres from './deno-postgres';
import drizzle from './drizzle';
import fastifyPostgres from './fastify-postgres';
import generic from './generic';
import knex from './knex';
import kysely from './kysely';
import mikroOrm from './mikro-orm';
import neon from './neon';
import payloadPostgres from './payload-postgres';
import pg from './pg';
import pgPromise from './pg-promise';
import postgresJs from './postgres-js';
import prisma from './prisma';
import sequelize from './sequelize';
import serverlessPostgres from './serverless-postgres';
import slonik from './slonik';
import typeorm from './typeorm';
import vercelPostgres from './vercel-postgres';
import zero from './zero';

/** Every database library the plugin understands. Adding one = adding its model file here. */
export const LIBRARIES: readonly LibraryModel[] = [
  pg,
  neon,
  vercelPostgres,
  prisma,
  typeorm,
  knex,
  sequelize,
  drizzle,
  kysely,
  mikroOrm,
  postgresJs,
  pgPromise,
  slonik,
  serverlessPostgres,
  fastifyPostgres,
  payloadPostgres,
  denoPostgres,
  zero,
  generic,
];

/** Every framework whose callbacks run per request, message or job (tracked by import). */
export const FRAMEWORKS: readonly FrameworkModel[] = [
  express,
  koa,
  nodeHttp,
  fastify,
  hono,
  tanstackStart,
  socketIo,
  bullmq,
  bull,
  agenda,
  pgBoss,
  kafkajs,
  sqsConsumer,
  amqplib,
  golevelupRabbitmq,
  trpc,
  workerThreads,
  childProcess,
  workerPools,
  graphileWorker,
  ...SERVICES,
];
