// Start-up: migrate, seed the federation, and (development only) the demo accounts. Runs once per
// process; pages and the collaboration server wait for the same promise.
import { database, type DatabaseHandle } from './db/index.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemo, seedFederation } from './seed/seed.ts';
import { startProcessBallotJob } from './jobs/ballots.ts';

export interface StartOptions {
	demo: boolean;
}

const KEY = Symbol.for('mitsprache.ready');
type G = typeof globalThis & { [KEY]?: Promise<DatabaseHandle> };

export function ready(options: StartOptions = { demo: process.env.MITSPRACHE_DEMO === '1' }): Promise<DatabaseHandle> {
	const g = globalThis as G;
	g[KEY] ??= (async () => {
		const handle = database();
		await migrateToLatest(handle.db);
		await seedFederation(handle.db);
		if (options.demo) await seedDemo(handle.db);
		// Opens, closes and reminds by the stored times: what fell due while down happens now.
		startProcessBallotJob(handle.db);
		return handle;
	})();
	return g[KEY];
}
