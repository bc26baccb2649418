// "Changes since my last visit" needs the visit before the current one: a page that reloads (or a
// reconnect that re-reads the page data) must not move the baseline a person is shown.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`ALTER TABLE paper_visits ADD COLUMN previous_version uuid REFERENCES paper_versions(id) ON DELETE SET NULL`,
		`ALTER TABLE paper_visits ADD COLUMN previous_at timestamptz`
	]) {
		await sql.raw(statement).execute(db);
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const column of ['previous_at', 'previous_version']) {
		await sql.raw(`ALTER TABLE paper_visits DROP COLUMN ${column}`).execute(db);
	}
}
