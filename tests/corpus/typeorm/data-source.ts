import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Invoice, Payment, Customer } from './entities';

export const AppDataSource = new DataSource({ // expect: pgbouncer/require-application-name
  type: 'postgres',
  url: process.env.DATABASE_URL,
  entities: [Invoice, Payment, Customer],
  synchronize: false,
  extra: {
    max: 10,
    statement_timeout: 15000, // expect: pgbouncer/pooler-compatible-config
  },
});

export const ReportingDataSource = new DataSource({
  type: 'postgres',
  url: process.env.REPORTING_DATABASE_URL,
  applicationName: 'billing-reporting',
  entities: [Invoice, Payment],
  extra: { max: 4, query_timeout: 60000 },
});

// A MySQL source is not PostgreSQL's business.
export const LegacyDataSource = new DataSource({
  type: 'mysql',
  url: process.env.LEGACY_MYSQL_URL,
  extra: { connectionLimit: 5 },
});
