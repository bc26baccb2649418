// In-app notifications (mentions, replies, new threads, ballot reminders): one row per recipient.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`CREATE TABLE notifications (
			id bigserial PRIMARY KEY,
			person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
			kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
			paper_id uuid REFERENCES papers(id) ON DELETE CASCADE,
			link text NOT NULL DEFAULT '/' CHECK (link LIKE '/%'),
			payload jsonb NOT NULL DEFAULT '{}',
			created_at timestamptz NOT NULL DEFAULT now(),
			read_at timestamptz
		)`,
		`CREATE INDEX notifications_unread ON notifications (person_id, created_at DESC) WHERE read_at IS NULL`,
		`CREATE INDEX notifications_person ON notifications (person_id, id DESC)`
	]) {
		await sql.raw(statement).execute(db);
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await sql.raw('DROP TABLE notifications').execute(db);
}
