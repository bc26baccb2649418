// One database per test file, real in both cases: a clone of the migrated template on PostgreSQL
// (DATABASE_URL set), or a fresh in-memory PGlite, migrated and seeded with the federation.
import pg from 'pg';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openDatabase, setDatabase, type DatabaseHandle } from '../../server/db/index.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { seedFederation } from '../../server/seed/seed.ts';
import { TEMPLATE_DB, adminUrl, databaseUrl } from './pg-urls.ts';

export interface TestDatabase extends DatabaseHandle {
	/** The URL of this file's own database (PostgreSQL only), for child processes. */
	url?: string;
}

export async function createTestDatabase(): Promise<TestDatabase> {
	const url = process.env.DATABASE_URL;
	if (!url) {
		const template = inject('pgliteTemplate');
		if (template) {
			const dump = new Blob([await readFile(template)]);
			return openDatabase({ dataDir: 'memory://', loadDataDir: dump });
		}
		const handle = openDatabase({ dataDir: 'memory://' });
		await migrateToLatest(handle.db);
		await seedFederation(handle.db);
		return handle;
	}
	const name = `mitsprache_test_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: adminUrl(url) });
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
	} finally {
		await admin.end();
	}
	const ownUrl = databaseUrl(url, name);
	const handle = openDatabase({ url: ownUrl, poolSize: 10 });
	return {
		...handle,
		url: ownUrl,
		async close() {
			await handle.close();
			const c = new pg.Client({ connectionString: adminUrl(url) });
			await c.connect();
			await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
		}
	};
}

/** Makes this file's database the process-wide one that services use (database()). */
export async function useTestDatabase(): Promise<TestDatabase> {
	const handle = await createTestDatabase();
	setDatabase(handle);
	return handle;
}
