// A paper's life and the member organisations' sign-off: the path of status changes, ballots on
// one frozen version, one current vote per organisation (a key, not a check in code), the
// append-only record of every vote, deadline extensions, reminders sent once, and publication.
import { sql, type Kysely } from 'kysely';

const STATUSES = `('draft','finalisation','ballot','adopted','not_adopted','published','archived')`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`CREATE TABLE paper_transitions (
			id bigserial PRIMARY KEY,
			paper_id uuid NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
			from_status text NOT NULL CHECK (from_status IN ${STATUSES}),
			to_status text NOT NULL CHECK (to_status IN ${STATUSES}),
			-- null: the system took the step (a ballot closing at its deadline)
			actor_id uuid REFERENCES people(id) ON DELETE SET NULL,
			version_id uuid,
			at timestamptz NOT NULL DEFAULT now(),
			reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
			CHECK (from_status <> to_status),
			-- the version frozen by this step is one of this paper's
			FOREIGN KEY (paper_id, version_id) REFERENCES paper_versions (paper_id, id)
		)`,
		`CREATE INDEX paper_transitions_paper ON paper_transitions (paper_id, id)`,
		`CREATE TABLE ballots (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			paper_id uuid NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
			-- the exact text voted on; never the live document
			version_id uuid NOT NULL,
			opens_at timestamptz NOT NULL,
			closes_at timestamptz NOT NULL,
			quorum numeric(4,3) NOT NULL DEFAULT 0.5 CHECK (quorum > 0 AND quorum <= 1),
			majority text NOT NULL DEFAULT 'simple' CHECK (majority IN ('simple','two_thirds')),
			votes_public_while_open boolean NOT NULL DEFAULT false,
			status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','open','closed','cancelled')),
			closed_at timestamptz,
			result jsonb,
			created_by uuid REFERENCES people(id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			CHECK (closes_at > opens_at),
			CHECK ((status IN ('closed','cancelled')) = (closed_at IS NOT NULL)),
			CHECK ((status = 'closed') = (result IS NOT NULL)),
			FOREIGN KEY (paper_id, version_id) REFERENCES paper_versions (paper_id, id)
		)`,
		`-- one running ballot per paper
		CREATE UNIQUE INDEX ballots_one_running ON ballots (paper_id) WHERE status IN ('scheduled','open')`,
		`CREATE INDEX ballots_due ON ballots (closes_at) WHERE status IN ('scheduled','open')`,
		`CREATE TABLE ballot_eligible_organisations (
			ballot_id uuid NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
			organisation_id uuid NOT NULL REFERENCES organisations(id),
			PRIMARY KEY (ballot_id, organisation_id)
		)`,
		`CREATE TABLE ballot_votes (
			ballot_id uuid NOT NULL,
			organisation_id uuid NOT NULL,
			choice text NOT NULL CHECK (choice IN ('endorse','abstain','reject')),
			statement text NOT NULL DEFAULT '' CHECK (length(statement) <= 2000),
			cast_by uuid REFERENCES people(id) ON DELETE SET NULL,
			cast_at timestamptz NOT NULL DEFAULT now(),
			-- one current vote per organisation and ballot, and only for an eligible organisation
			PRIMARY KEY (ballot_id, organisation_id),
			FOREIGN KEY (ballot_id, organisation_id) REFERENCES ballot_eligible_organisations (ballot_id, organisation_id) ON DELETE CASCADE
		)`,
		`CREATE TABLE ballot_vote_log (
			id bigserial PRIMARY KEY,
			ballot_id uuid NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
			organisation_id uuid NOT NULL REFERENCES organisations(id),
			choice text NOT NULL CHECK (choice IN ('endorse','abstain','reject')),
			statement text NOT NULL DEFAULT '',
			-- the choice this one replaced; null for the organisation's first vote
			previous_choice text CHECK (previous_choice IN ('endorse','abstain','reject')),
			cast_by uuid REFERENCES people(id) ON DELETE SET NULL,
			cast_at timestamptz NOT NULL DEFAULT now()
		)`,
		`CREATE INDEX ballot_vote_log_ballot ON ballot_vote_log (ballot_id, id)`,
		`CREATE FUNCTION ballot_vote_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			-- a cascade from a deleted ballot is the one way out; no row is ever changed
			IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM ballots WHERE id = OLD.ballot_id) THEN
				RETURN OLD;
			END IF;
			RAISE EXCEPTION 'ballot_vote_log is append-only';
		END $$`,
		`CREATE TRIGGER ballot_vote_log_no_update BEFORE UPDATE OR DELETE ON ballot_vote_log
			FOR EACH ROW EXECUTE FUNCTION ballot_vote_log_immutable()`,
		`CREATE TABLE ballot_deadline_extensions (
			id bigserial PRIMARY KEY,
			ballot_id uuid NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
			previous_closes_at timestamptz NOT NULL,
			new_closes_at timestamptz NOT NULL,
			reason text NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 2000),
			extended_by uuid REFERENCES people(id) ON DELETE SET NULL,
			at timestamptz NOT NULL DEFAULT now(),
			CHECK (new_closes_at > previous_closes_at)
		)`,
		`-- each reminder goes out once, also across restarts: the row is claimed before sending
		CREATE TABLE reminders_sent (
			ballot_id uuid NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
			organisation_id uuid NOT NULL REFERENCES organisations(id),
			kind text NOT NULL CHECK (kind IN ('opening','48h','24h')),
			sent_at timestamptz NOT NULL DEFAULT now(),
			recipients integer NOT NULL DEFAULT 0,
			emailed integer NOT NULL DEFAULT 0,
			PRIMARY KEY (ballot_id, organisation_id, kind)
		)`,
		`CREATE TABLE publications (
			paper_id uuid PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
			slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 120),
			ballot_id uuid NOT NULL REFERENCES ballots(id),
			version_id uuid NOT NULL,
			-- the adopted text: the version the ballot voted on
			published_at timestamptz NOT NULL DEFAULT now(),
			published_by uuid REFERENCES people(id) ON DELETE SET NULL,
			FOREIGN KEY (paper_id, version_id) REFERENCES paper_versions (paper_id, id)
		)`,
		`CREATE INDEX publications_newest ON publications (published_at DESC)`
	]) {
		await sql.raw(statement).execute(db);
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['publications', 'reminders_sent', 'ballot_deadline_extensions', 'ballot_vote_log', 'ballot_votes', 'ballot_eligible_organisations', 'ballots', 'paper_transitions']) {
		await sql.raw(`DROP TABLE ${table}`).execute(db);
	}
	await sql.raw('DROP FUNCTION ballot_vote_log_immutable()').execute(db);
}
