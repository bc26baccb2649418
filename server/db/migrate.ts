import { Migrator, type MigrationProvider } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import type { Database } from './index.ts';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Database): Promise<string[]> {
	// Unordered: migrations written in parallel branches may land with earlier timestamps.
	const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
	const { error, results } = await migrator.migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error');
		throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
	}
	return (results ?? []).map((r) => r.migrationName);
}
