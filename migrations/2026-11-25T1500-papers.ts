// Papers and their collaborative text. The Yjs document is the source of truth: updates are
// appended to paper_updates (V1 encoding only) and compacted into paper_documents.state.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`CREATE TABLE papers (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			committee_id uuid NOT NULL REFERENCES committees(id),
			title text NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
			type text NOT NULL CHECK (type IN ('position_paper','demand_catalogue','statement','policy_paper','toolkit','agenda','draft_law')),
			summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
			status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','finalisation','ballot','adopted','not_adopted','published','archived')),
			created_by uuid REFERENCES people(id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now(),
			content_text text NOT NULL DEFAULT '',
			content_json jsonb NOT NULL DEFAULT '{"type":"doc","content":[]}'
		)`,
		`CREATE INDEX papers_committee ON papers (committee_id, updated_at DESC)`,
		`CREATE TABLE paper_documents (
			paper_id uuid PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
			state bytea NOT NULL,
			compacted_through bigint NOT NULL DEFAULT 0,
			updated_at timestamptz NOT NULL DEFAULT now()
		)`,
		`CREATE TABLE paper_updates (
			id bigserial PRIMARY KEY,
			paper_id uuid NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
			data bytea NOT NULL,
			created_at timestamptz NOT NULL DEFAULT now()
		)`,
		`CREATE INDEX paper_updates_paper ON paper_updates (paper_id, id)`,
		`CREATE TABLE paper_contributors (
			paper_id uuid NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
			person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
			last_edit_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (paper_id, person_id)
		)`
	]) {
		await sql.raw(statement).execute(db);
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['paper_contributors', 'paper_updates', 'paper_documents', 'papers']) {
		await sql.raw(`DROP TABLE ${table}`).execute(db);
	}
}
