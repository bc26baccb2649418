// Versions: frozen copies of a paper (its whole Yjs state, V1, plus derived JSON and text), and
// each person's last visit of a paper, for "changes since my last visit".
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`CREATE TABLE paper_versions (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			paper_id uuid NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
			number integer NOT NULL CHECK (number > 0),
			name text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
			note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
			-- manual: saved by a person; workflow: frozen at a step; restore: the paper right after a
			-- restore; auto: the paper right before a restore, so that a restore can be undone
			kind text NOT NULL CHECK (kind IN ('manual','workflow','restore','auto')),
			-- Yjs full state, V1 encoding (Y.encodeStateAsUpdate), like paper_documents.state
			state bytea NOT NULL,
			content_json jsonb NOT NULL,
			content_text text NOT NULL,
			-- sha256 of the content JSON: an equal version is not stored twice in a row
			state_hash text NOT NULL,
			created_by uuid REFERENCES people(id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			restored_from uuid,
			UNIQUE (paper_id, number),
			UNIQUE (paper_id, id),
			-- a restore names a version of the same paper
			FOREIGN KEY (paper_id, restored_from) REFERENCES paper_versions (paper_id, id),
			CHECK ((kind = 'restore') = (restored_from IS NOT NULL)),
			CHECK (kind <> 'manual' OR length(trim(name)) > 0)
		)`,
		`CREATE TABLE paper_visits (
			paper_id uuid NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
			person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
			-- the newest version when the person last opened the paper (null: there was none)
			last_seen_version uuid REFERENCES paper_versions(id) ON DELETE SET NULL,
			last_seen_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (paper_id, person_id)
		)`
	]) {
		await sql.raw(statement).execute(db);
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['paper_visits', 'paper_versions']) {
		await sql.raw(`DROP TABLE ${table}`).execute(db);
	}
}
