import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import pgPromise from 'pg-promise';

const pgp = pgPromise();
const db = pgp({ connectionString: process.env.DATABASE_URL, application_name: 'feed-lambda', max: 1 });

const feedByAuthor = new pgp.PreparedStatement({ name: 'feed-by-author', text: 'select * from posts where author_id = $1 order by id desc limit 20' }); // expect: pgbouncer/no-session-state

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const authorId = Number(event.pathParameters?.authorId);
  const posts = await db.any('select * from posts where author_id = $1 order by id desc limit 20', [authorId]);
  return { statusCode: 200, body: JSON.stringify(posts) };
};

export const legacyHandler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const perCall = pgp({ connectionString: process.env.DATABASE_URL, application_name: 'feed-lambda' }); // expect: pgbouncer/no-engine-per-request
  const posts = await perCall.any(feedByAuthor, [Number(event.pathParameters?.authorId)]);
  return { statusCode: 200, body: JSON.stringify(posts) };
};
