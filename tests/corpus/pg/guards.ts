import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'gateway' });

@Injectable()
export class ApiKeyGuard implements CanActivate {
  async canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string> }>();
    const { rowCount } = await pool.query('select 1 from api_keys where key = $1 and not revoked', [request.headers['x-api-key']]);
    return rowCount === 1;
  }
}

@Injectable()
export class LegacyApiKeyGuard implements CanActivate {
  async canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string> }>();
    const guardPool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'gateway' }); // expect: pgbouncer/no-engine-per-request
    const { rowCount } = await guardPool.query('select 1 from api_keys where key = $1', [request.headers['x-api-key']]);
    return rowCount === 1;
  }
}

setInterval(async () => {
  await pool.query('delete from api_key_usage where at < now() - interval \'30 days\'');
}, 60_000);
