const db = require('../db');

// `db` is the project's knex instance (../db.js); the handle is called with table names.
async function enrol(studentId, courseId) {
  return db.transaction(async (trx) => {
    const course = await trx('courses').where({ id: courseId }).forUpdate().first();
    await db('courses').where({ id: courseId }).decrement('seats', 1); // expect: pgbouncer/no-outer-client-in-transaction
    await trx('enrolments').insert({ studentId, courseId, term: course.term });
  });
}

async function enrolCorrectly(studentId, courseId) {
  return db.transaction(async (trx) => {
    const course = await trx('courses').where({ id: courseId }).forUpdate().first();
    await trx('courses').where({ id: courseId }).decrement('seats', 1);
    await db('enrolments').insert({ studentId, courseId, term: course.term }).transacting(trx);
  });
}

module.exports = { enrol, enrolCorrectly };
