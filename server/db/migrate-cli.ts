// `npm run migrate`: applies pending migrations to DATABASE_URL, or to PGlite in DATA_DIR.
import { database } from './index.ts';
import { migrateToLatest } from './migrate.ts';

const handle = database();
try {
	const applied = await migrateToLatest(handle.db);
	console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
} finally {
	await handle.close();
}
