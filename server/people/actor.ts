// The acting person as the policy module sees them: loaded once per request or connection.
import type { Kysely } from 'kysely';
import type { CommitteeRole, DB, Language, OfficeRole } from '../db/schema.ts';

export interface Actor {
	id: string;
	name: string;
	email: string;
	language: Language;
	disabled: boolean;
	organisationId: string | null;
	officeRoles: ReadonlySet<OfficeRole>;
	/** committee id → role */
	committees: ReadonlyMap<string, CommitteeRole>;
	/** organisations whose vote this person may cast */
	represents: ReadonlySet<string>;
}

export async function loadActor(db: Kysely<DB>, personId: string): Promise<Actor | null> {
	const person = await db
		.selectFrom('people')
		.select(['id', 'name', 'email', 'language', 'disabled_at', 'organisation_id'])
		.where('id', '=', personId)
		.executeTakeFirst();
	if (!person) return null;
	const [roles, committees, reps] = await Promise.all([
		db.selectFrom('office_roles').select('role').where('person_id', '=', personId).execute(),
		db.selectFrom('committee_members').select(['committee_id', 'role']).where('person_id', '=', personId).execute(),
		db.selectFrom('organisation_representatives').select('organisation_id').where('person_id', '=', personId).execute()
	]);
	return {
		id: person.id,
		name: person.name,
		email: person.email,
		language: person.language,
		disabled: !!person.disabled_at,
		organisationId: person.organisation_id,
		officeRoles: new Set(roles.map((r) => r.role)),
		committees: new Map(committees.map((c) => [c.committee_id, c.role])),
		represents: new Set(reps.map((r) => r.organisation_id))
	};
}
