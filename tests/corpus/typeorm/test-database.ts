import { DataSource, type EntityMetadata } from 'typeorm';

/**
 * Test helpers of a NestJS service: empty every table between end-to-end tests, in one
 * transaction on a query runner.
 */
export async function truncateAll(dataSource: DataSource): Promise<void> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    // The data source's metadata: read in memory, no query.
    const tables = dataSource.entityMetadatas
      .filter((metadata: EntityMetadata) => metadata.tableType === 'regular' || metadata.tableType === 'junction')
      .map((metadata: EntityMetadata) => `"${metadata.tableName}"`);
    const keep = [dataSource.metadataTableName, dataSource.options.migrationsTableName ?? 'migrations'];
    if (tables.length > 0) {
      await queryRunner.query(`TRUNCATE TABLE ${tables.join(', ')} CASCADE`);
    }
    // Asked of the data source, not the runner: another connection, outside the transaction.
    const leftovers: Array<{ table_name: string }> = await dataSource.query( // expect: pgbouncer/no-outer-client-in-transaction
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    for (const { table_name: table } of leftovers) {
      if (!keep.includes(table) && !tables.includes(`"${table}"`)) {
        await queryRunner.dropTable(table);
      }
    }
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}

/** The same, with the lookup made through the runner. */
export async function resetSequences(dataSource: DataSource): Promise<void> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    const sequences: Array<{ name: string }> = await queryRunner.query(
      `SELECT sequence_name AS name FROM information_schema.sequences WHERE sequence_schema = 'public'`,
    );
    for (const { name } of sequences) {
      await queryRunner.query(`ALTER SEQUENCE "${name}" RESTART WITH 1`);
    }
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}
