import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { migrationOptions, reportingOptions } from './options';

@Injectable()
export class SchemaService {
  private readonly logger = new Logger(SchemaService.name);

  constructor(private readonly dataSource: DataSource) {}

  // Called once by bootstrap() before the app listens: a deploy step, not work per call.
  async applyPending(): Promise<void> {
    const source = new DataSource({ ...migrationOptions, migrationsRun: false });
    await source.initialize();
    try {
      const applied = await source.runMigrations({ transaction: 'each' });
      this.logger.log(`applied ${applied.length} migrations`);
    } finally {
      await source.destroy();
    }
  }

  // Called by the nightly export for every tenant: a pool of connections per call.
  async countTenantInvoices(tenant: string): Promise<number> {
    const source = new DataSource({ ...reportingOptions, schema: tenant }); // expect: pgbouncer/no-engine-per-request
    await source.initialize();
    try {
      const rows: Array<{ n: number }> = await source.query('SELECT count(*)::int AS n FROM invoices');
      return rows[0]?.n ?? 0;
    } finally {
      await source.destroy();
    }
  }

  // The application's own DataSource, injected once.
  async countInvoices(): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query('SELECT count(*)::int AS n FROM invoices');
    return rows[0]?.n ?? 0;
  }
}
