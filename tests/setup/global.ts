// With DATABASE_URL set, tests run against that PostgreSQL server: one migrated template database
// is made here, and each test file clones it (CREATE DATABASE ... TEMPLATE), see tests/helpers/db.ts.
// Without it, each test file gets its own in-memory PGlite.
import pg from 'pg';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../server/db/index.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { seedFederation } from '../../server/seed/seed.ts';
import { TEMPLATE_DB, adminUrl, databaseUrl } from '../helpers/pg-urls.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		/** a dump of a migrated, seeded PGlite database that each test file starts from */
		pgliteTemplate: string | null;
	}
}

export default async function setup(project: TestProject) {
	const url = process.env.DATABASE_URL;
	if (!url) {
		// Migrating a fresh PGlite per file costs seconds each; loading a dump of one is quick.
		const handle = openDatabase({ dataDir: 'memory://' });
		await migrateToLatest(handle.db);
		await seedFederation(handle.db);
		const dir = await mkdtemp(join(tmpdir(), 'mitsprache-pglite-'));
		const file = join(dir, 'template.tar');
		await writeFile(file, Buffer.from(await (await handle.pglite!.dumpDataDir('none')).arrayBuffer()));
		await handle.close();
		project.provide('pgliteTemplate', file);
		return async () => {
			await rm(dir, { recursive: true, force: true });
		};
	}
	project.provide('pgliteTemplate', null);
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
