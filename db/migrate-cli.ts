/** `npm run db:migrate`: apply the committed migrations to DATABASE_URL (embedded file or remote libSQL/Turso). */
import { openNodeDb } from './migrate.ts';

const url = process.env.DATABASE_URL ?? 'file:./data/tds-bridge.db';
const db = await openNodeDb(url, process.env.LIBSQL_AUTH_TOKEN);
db.$client.close();
console.log(`migrations applied to ${url.replace(/\/\/[^@]*@/, '//***@')}`);
