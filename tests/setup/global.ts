// With DATABASE_URL set, tests run against that PostgreSQL server: one migrated template database
// is made here, and each test file clones it (CREATE DATABASE ... TEMPLATE), see tests/helpers/db.ts.
// Without it, each test file gets its own in-memory PGlite.
import pg from 'pg';
import { openDatabase } from '../../server/db/index.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { seedFederation } from '../../server/seed/seed.ts';
import { TEMPLATE_DB, adminUrl, databaseUrl } from '../helpers/pg-urls.ts';

export default async function setup() {
	const url = process.env.DATABASE_URL;
	if (!url) return;
	const client = new pg.Client({ connectionString: adminUrl(url) });
	await client.connect();
	try {
		await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
		await client.query(`CREATE DATABASE ${TEMPLATE_DB}`);
	} finally {
		await client.end();
	}
	const handle = openDatabase({ url: databaseUrl(url, TEMPLATE_DB), poolSize: 1 });
	await migrateToLatest(handle.db);
	await seedFederation(handle.db);
	await handle.close();
}
