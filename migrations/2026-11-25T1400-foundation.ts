// Foundation: organisations, people, roles, committees, sessions, invitations, audit log.
// Migrations import no application code: they must keep working as the code moves on.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
	`CREATE TABLE federation (
			id boolean PRIMARY KEY DEFAULT true CHECK (id),
			name text NOT NULL,
			short_name text NOT NULL,
			address text NOT NULL DEFAULT '',
			line_length integer NOT NULL DEFAULT 80 CHECK (line_length BETWEEN 30 AND 200)
		)`,
	`CREATE TABLE organisations (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			name text NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
			short_name text,
			kind text NOT NULL DEFAULT 'other' CHECK (kind IN ('umbrella','network','federal','state','other')),
			voting_member boolean NOT NULL DEFAULT true,
			created_at timestamptz NOT NULL DEFAULT now()
		)`,
	`CREATE TABLE people (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			name text NOT NULL CHECK (length(trim(name)) > 0),
			email text NOT NULL CHECK (position('@' in email) > 1),
			password_hash text,
			language text NOT NULL DEFAULT 'de' CHECK (language IN ('de','en')),
			organisation_id uuid REFERENCES organisations(id) ON DELETE SET NULL,
			disabled_at timestamptz,
			created_at timestamptz NOT NULL DEFAULT now(),
			-- lets organisation_representatives require that a representative belongs to the organisation
			UNIQUE (id, organisation_id)
		)`,
	`CREATE UNIQUE INDEX people_email_key ON people (lower(email))`,
	`CREATE TABLE office_roles (
			person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
			role text NOT NULL CHECK (role IN ('admin','policy_officer')),
			PRIMARY KEY (person_id, role)
		)`,
	`CREATE TABLE committees (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			name text NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
			description text NOT NULL DEFAULT '',
			created_at timestamptz NOT NULL DEFAULT now()
		)`,
	`CREATE TABLE committee_members (
			committee_id uuid NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
			person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
			role text NOT NULL CHECK (role IN ('chair','delegate')),
			PRIMARY KEY (committee_id, person_id)
		)`,
	`CREATE INDEX committee_members_person ON committee_members (person_id)`,
	`CREATE TABLE organisation_representatives (
			organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
			person_id uuid NOT NULL,
			PRIMARY KEY (organisation_id, person_id),
			-- a representative is a person of that very organisation; moving them elsewhere ends it
			FOREIGN KEY (person_id, organisation_id) REFERENCES people(id, organisation_id)
				ON DELETE CASCADE ON UPDATE CASCADE
		)`,
	`CREATE INDEX organisation_representatives_person ON organisation_representatives (person_id)`,
	`CREATE TABLE sessions (
			id text PRIMARY KEY,
			person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
			expires_at timestamptz NOT NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			last_used_at timestamptz NOT NULL DEFAULT now(),
			user_agent text
		)`,
	`CREATE INDEX sessions_person ON sessions (person_id)`,
	`CREATE TABLE invitations (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			token_hash text NOT NULL UNIQUE,
			email text NOT NULL,
			name text NOT NULL,
			organisation_id uuid REFERENCES organisations(id) ON DELETE SET NULL,
			grants jsonb NOT NULL,
			invited_by uuid REFERENCES people(id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			expires_at timestamptz NOT NULL,
			accepted_at timestamptz,
			revoked_at timestamptz
		)`,
	`CREATE TABLE password_resets (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			token_hash text NOT NULL UNIQUE,
			person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
			created_by uuid REFERENCES people(id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			expires_at timestamptz NOT NULL,
			used_at timestamptz
		)`,
	`CREATE TABLE failed_logins (
			id bigserial PRIMARY KEY,
			email text NOT NULL,
			at timestamptz NOT NULL DEFAULT now()
		)`,
	`CREATE INDEX failed_logins_email_at ON failed_logins (lower(email), at)`,
	`CREATE TABLE audit_log (
			id bigserial PRIMARY KEY,
			at timestamptz NOT NULL DEFAULT now(),
			actor_id uuid REFERENCES people(id) ON DELETE SET NULL,
			action text NOT NULL,
			object_type text NOT NULL,
			object_id text,
			details jsonb NOT NULL DEFAULT '{}'
		)`,
	`CREATE INDEX audit_log_at ON audit_log (at DESC)`,
	`CREATE INDEX audit_log_object ON audit_log (object_type, object_id)`,
	`CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC)`,
	`-- append-only: the log can be added to, never changed
		CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			RAISE EXCEPTION 'audit_log is append-only';
		END $$`,
	`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
			FOR EACH ROW EXECUTE FUNCTION audit_log_immutable()`
	]) {
		await sql.raw(statement).execute(db);
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['audit_log', 'failed_logins', 'password_resets', 'invitations', 'sessions',
		'organisation_representatives', 'committee_members', 'committees', 'office_roles', 'people', 'organisations', 'federation']) {
		await sql.raw(`DROP TABLE ${table}`).execute(db);
	}
	await sql.raw('DROP FUNCTION audit_log_immutable()').execute(db);
}
