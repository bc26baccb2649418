// Comment threads on passages of a paper. The anchors are Yjs relative positions into the
// XmlFragment `default` (start assoc >= 0, end assoc < 0), stored beside the text rather than as a
// mark in it: adding a mark would be an edit, and people with a read-only editor comment too.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`CREATE TABLE comment_threads (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			paper_id uuid NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
			anchor_start bytea NOT NULL CHECK (octet_length(anchor_start) BETWEEN 1 AND 512),
			anchor_end bytea NOT NULL CHECK (octet_length(anchor_end) BETWEEN 1 AND 512),
			-- the passage as it was when the thread began: shown when the passage is gone
			quoted_text text NOT NULL CHECK (length(quoted_text) <= 2000),
			-- null: every reader of the paper sees the thread; else the committee, the office and
			-- this organisation's representatives (a representative's thread during a ballot)
			organisation_id uuid REFERENCES organisations(id) ON DELETE CASCADE,
			created_by uuid REFERENCES people(id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			resolved_at timestamptz,
			resolved_by uuid REFERENCES people(id) ON DELETE SET NULL,
			CHECK (resolved_by IS NULL OR resolved_at IS NOT NULL)
		)`,
		`CREATE INDEX comment_threads_paper ON comment_threads (paper_id, created_at)`,
		`CREATE TABLE comments (
			id bigserial PRIMARY KEY,
			thread_id uuid NOT NULL REFERENCES comment_threads(id) ON DELETE CASCADE,
			author_id uuid REFERENCES people(id) ON DELETE SET NULL,
			-- as on comment_threads: who besides the committee and the office may read it
			organisation_id uuid REFERENCES organisations(id) ON DELETE CASCADE,
			body text NOT NULL CHECK (length(body) <= 5000),
			created_at timestamptz NOT NULL DEFAULT now(),
			edited_at timestamptz,
			-- a deleted comment others replied to stays as an empty marker
			deleted_at timestamptz,
			CHECK (CASE WHEN deleted_at IS NULL THEN length(btrim(body)) >= 1 ELSE body = '' END)
		)`,
		`CREATE INDEX comments_thread ON comments (thread_id, id)`,
		`CREATE TABLE comment_mentions (
			comment_id bigint NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
			person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
			PRIMARY KEY (comment_id, person_id)
		)`,
		`CREATE INDEX comment_mentions_person ON comment_mentions (person_id)`
	]) {
		await sql.raw(statement).execute(db);
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['comment_mentions', 'comments', 'comment_threads']) {
		await sql.raw(`DROP TABLE ${table}`).execute(db);
	}
}
