import { Controller, Get, Param, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Report, ReportRun } from './entities';

@Controller('reports')
export class ReportsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('legacy')
  async legacyList() {
    const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, applicationName: 'reports-api' }); // expect: pgbouncer/no-engine-per-request
    await dataSource.initialize();
    return dataSource.query('select * from reports');
  }

  @Get('count')
  async count() {
    const [row] = await this.dataSource.createQueryRunner().query('select count(*)::int as n from reports'); // expect: pgbouncer/release-connection
    return row.n;
  }

  @Get('recent-count')
  async recentCount() {
    const [row] = await this.dataSource.query("select count(*)::int as n from reports where created_at > now() - interval '1 day'");
    return row.n;
  }

  @Get()
  list() {
    return this.dataSource.getRepository(Report).find({ order: { createdAt: 'DESC' }, take: 50 });
  }

  @Post(':id/run')
  async run(@Param('id') id: string) {
    await this.dataSource.transaction(async (manager) => {
      const report = await manager.findOneByOrFail(Report, { id: Number(id) });
      await this.dataSource.transaction(async (inner) => { // expect: pgbouncer/no-nested-transaction
        await inner.insert(ReportRun, { reportId: report.id, startedAt: new Date() });
      });
    });
  }

  @Post(':id/rerun')
  async rerun(@Param('id') id: string) {
    await this.dataSource.transaction(async (manager) => {
      const report = await manager.findOneByOrFail(Report, { id: Number(id) });
      await manager.transaction(async (inner) => {
        await inner.insert(ReportRun, { reportId: report.id, startedAt: new Date() });
      });
    });
  }
}
