import { MigrationInterface, QueryRunner } from 'typeorm';

// CREATE INDEX CONCURRENTLY cannot run inside a transaction: the migration commits the runner's
// transaction, builds the index, and begins a new one for the runner to commit.
export class OrdersUserIndex1712000000000 implements MigrationInterface {
  name = 'OrdersUserIndex1712000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.commitTransaction();
    await queryRunner.query('CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON orders (user_id)');
    await queryRunner.startTransaction();
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('COMMIT');
    await queryRunner.query('DROP INDEX CONCURRENTLY IF EXISTS idx_orders_user_id');
    await queryRunner.query('BEGIN');
  }
}
