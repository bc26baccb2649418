// The one place that decides which database we talk to: PostgreSQL through `pg` when a URL is
// given, else embedded PGlite persisted in a data directory. Nothing else knows the difference.
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;
export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
	db: Database;
	kind: DatabaseKind;
	/** the embedded instance, when kind is pglite (tests dump it as a template) */
	pglite?: PGlite;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	/** postgres:// URL; when absent, PGlite is used. */
	url?: string;
	/** PGlite data directory; `memory://` (or undefined) keeps it in memory. */
	dataDir?: string;
	/** PGlite: start from this dump (tests start every file from one migrated template). */
	loadDataDir?: Blob;
	poolSize?: number;
}

// pg returns int8 (count(*), bigserial) as strings and PGlite as numbers: make both numbers.
// Our int8 values (ids of log rows, counts) stay far below 2^53.
const pgTypes = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		if (oid === 20) return (value: string) => Number(value);
		return pg.types.getTypeParser(oid, format);
	}
};

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
	let dialect: Dialect;
	let kind: DatabaseKind;
	let pglite: PGlite | undefined;
	if (options.url) {
		kind = 'postgres';
		const pool = new pg.Pool({
			connectionString: options.url,
			max: options.poolSize ?? 10,
			types: pgTypes
		});
		// An idle client losing its connection must not take the process down.
		pool.on('error', (err) => console.error('[db] idle client error', err.message));
		dialect = new PostgresDialect({ pool });
	} else {
		kind = 'pglite';
		const dataDir = options.dataDir ?? 'memory://';
		if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
		pglite = new PGlite(dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
		dialect = new PGliteDialect(pglite);
	}
	const db = new Kysely<DB>({ dialect });
	return { db, kind, pglite, close: () => db.destroy() };
}

/** Options from the environment: DATABASE_URL, else PGlite in DATA_DIR (default ./data/pglite). */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
	if (env.DATABASE_URL) return { url: env.DATABASE_URL, poolSize: Number(env.DATABASE_POOL_SIZE) || 10 };
	return { dataDir: env.PGLITE_DIR ?? `${env.DATA_DIR ?? './data'}/pglite` };
}

// Process-wide singleton: pages, the collaboration server and jobs share one client. Two PGlite
// instances on one directory would corrupt it, so this must never be created twice.
const KEY = Symbol.for('mitsprache.database');
type GlobalWithDb = typeof globalThis & { [KEY]?: DatabaseHandle };

export function database(): DatabaseHandle {
	const g = globalThis as GlobalWithDb;
	g[KEY] ??= openDatabase(databaseOptionsFromEnv());
	return g[KEY];
}

/** For tests and tools that bring their own database. */
export function setDatabase(handle: DatabaseHandle | undefined): void {
	(globalThis as GlobalWithDb)[KEY] = handle;
}
