/**
 * Test cases that more than one rule judges alike: one fixture, so that the rules' tests cannot
 * drift apart on it.
 */

/**
 * Guards that test the handle and its state together (`qr && qr.isTransactionActive` in the
 * `catch`, `qr && !qr.isReleased` in the `finally`): neither an open transaction nor a held
 * connection on any path. Valid for `balanced-transaction` and `release-connection`.
 */
export const GUARDED_QUERY_RUNNER = {
  filename: 'src/profiles/profile.service.ts',
  code: `import { DataSource, QueryRunner } from 'typeorm';

export class ProfileService {
  constructor(private readonly dataSource: DataSource) {}

  async rename(id: string, name: string, onRenamed?: (id: string) => Promise<void>) {
    let queryRunner: QueryRunner | undefined;
    try {
      queryRunner = this.dataSource.createQueryRunner();
      await queryRunner.connect();
      await queryRunner.startTransaction();
      await queryRunner.query('update profiles set name = $1 where id = $2', [name, id]);
      await queryRunner.commitTransaction();
      if (onRenamed) await onRenamed(id);
    } catch (error) {
      if (queryRunner && queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
      throw error;
    } finally {
      if (queryRunner && !queryRunner.isReleased) await queryRunner.release();
    }
    return id;
  }
}`,
} as const;
