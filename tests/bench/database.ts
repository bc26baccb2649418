// The benchmark's own PostgreSQL database (created fresh, migrated and seeded like a production
// start, dropped at the end) and its people, sessions and papers, written in bulk.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../server/db/index.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { seedFederation } from '../../server/seed/seed.ts';
import { generateToken, hashToken } from '../../server/auth/tokens.ts';
import { SESSION_COOKIE, SESSION_LIFETIME_MS } from '../../server/auth/sessions.ts';
import { databaseUrl } from '../helpers/pg-urls.ts';

export const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchPerson {
	id: string;
	/** the Cookie header value that carries a fresh session */
	cookie: string;
}

export class BenchDatabase {
	readonly handle: DatabaseHandle;
	#people: BenchPerson[] = [];
	#committeeId: string | undefined;

	private constructor(
		readonly url: string,
		readonly name: string,
		private adminUrl: string
	) {
		this.handle = openDatabase({ url, poolSize: 4 });
	}

	/** A fresh database on the server at `adminUrl`, migrated and seeded as a production start does. */
	static async create(options: { synchronousCommit?: 'on' | 'off' } = {}, adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_POSTGRES): Promise<BenchDatabase> {
		const name = `mitsprache_bench_${randomBytes(4).toString('hex')}`;
		const admin = new pg.Client({ connectionString: adminUrl });
		await admin.connect();
		try {
			await admin.query(`CREATE DATABASE ${name}`);
			// Only to find out what the commit's flush to disk costs: production keeps it on.
			if (options.synchronousCommit === 'off') await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
		} finally {
			await admin.end();
		}
		const bench = new BenchDatabase(databaseUrl(adminUrl, name), name, adminUrl);
		await migrateToLatest(bench.handle.db);
		await seedFederation(bench.handle.db);
		return bench;
	}

	get db() {
		return this.handle.db;
	}

	async drop(): Promise<void> {
		await this.handle.close().catch(() => {});
		const admin = new pg.Client({ connectionString: this.adminUrl });
		await admin.connect();
		try {
			await admin.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
		} finally {
			await admin.end();
		}
	}

	async synchronousCommit(): Promise<string> {
		const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(this.db);
		return rows[0].synchronous_commit;
	}

	async committeeId(): Promise<string> {
		this.#committeeId ??= (
			await this.db.insertInto('committees').values({ name: 'Benchmark-Ausschuss', description: '' }).returning('id').executeTakeFirstOrThrow()
		).id;
		return this.#committeeId;
	}

	/**
	 * `count` delegates of the benchmark committee with a session each. One person per client, as
	 * in a meeting: the server's per-person connection limit is not what is measured.
	 */
	async people(count: number): Promise<BenchPerson[]> {
		const committeeId = await this.committeeId();
		while (this.#people.length < count) {
			const batch = Math.min(500, count - this.#people.length);
			const tag = randomBytes(3).toString('hex');
			const rows = await this.db
				.insertInto('people')
				.values(Array.from({ length: batch }, (_, i) => ({ name: `Delegierte ${tag}-${i}`, email: `bench-${tag}-${i}@example.org`, password_hash: null })))
				.returning('id')
				.execute();
			await this.db
				.insertInto('committee_members')
				.values(rows.map((r) => ({ committee_id: committeeId, person_id: r.id, role: 'delegate' as const })))
				.execute();
			const tokens = rows.map(() => generateToken());
			const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
			await this.db
				.insertInto('sessions')
				.values(rows.map((r, i) => ({ id: hashToken(tokens[i]), person_id: r.id, expires_at: expiresAt, user_agent: 'bench' })))
				.execute();
			rows.forEach((r, i) => this.#people.push({ id: r.id, cookie: `${SESSION_COOKIE}=${tokens[i]}` }));
		}
		return this.#people.slice(0, count);
	}

	/** Empty draft papers of the benchmark committee. */
	async papers(count: number, title = 'Benchmark'): Promise<string[]> {
		const committeeId = await this.committeeId();
		const ids: string[] = [];
		while (ids.length < count) {
			const batch = Math.min(500, count - ids.length);
			const rows = await this.db
				.insertInto('papers')
				.values(Array.from({ length: batch }, (_, i) => ({ committee_id: committeeId, title: `${title} ${ids.length + i + 1}`, type: 'position_paper' as const, updated_at: new Date() })))
				.returning('id')
				.execute();
			ids.push(...rows.map((r) => r.id));
		}
		return ids;
	}

	/** Stores a compacted state for a paper, as the collaboration server leaves it after an unload. */
	async putState(paperId: string, state: Uint8Array): Promise<void> {
		await this.db.insertInto('paper_documents').values({ paper_id: paperId, state, compacted_through: 0, updated_at: new Date() }).execute();
	}

	/** PIDs of the PostgreSQL backends connected to this database (their CPU is the server's database work). */
	async backendPids(): Promise<number[]> {
		const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = ${this.name} and pid <> pg_backend_pid()`.execute(this.db);
		return rows.map((r) => Number(r.pid));
	}
}
