// Who may read a paper, as people with names: the candidates for @mentions and the recipients of
// comment notifications. The policy module decides per person; this only gathers the few people it
// could say yes to (the committee, the office, and the representatives once a paper is before the
// organisations) and loads them in bulk.
import type { Kysely } from 'kysely';
import type { CommitteeRole, DB, OfficeRole } from '../db/schema.ts';
import type { Actor } from '../people/actor.ts';
import { can, type PaperRef } from '../policy.ts';

/** Statuses in which representatives are among the readers (see 'paper.read'). */
const WITH_REPRESENTATIVES = new Set(['ballot', 'adopted', 'not_adopted', 'published']);

/** Several people as the policy module sees them, in a fixed number of queries. */
export async function loadActors(db: Kysely<DB>, ids: readonly string[]): Promise<Actor[]> {
	const unique = [...new Set(ids)];
	if (!unique.length) return [];
	const [people, roles, committees, reps] = await Promise.all([
		db.selectFrom('people').select(['id', 'name', 'email', 'language', 'disabled_at', 'organisation_id']).where('id', 'in', unique).execute(),
		db.selectFrom('office_roles').select(['person_id', 'role']).where('person_id', 'in', unique).execute(),
		db.selectFrom('committee_members').select(['person_id', 'committee_id', 'role']).where('person_id', 'in', unique).execute(),
		db.selectFrom('organisation_representatives').select(['person_id', 'organisation_id']).where('person_id', 'in', unique).execute()
	]);
	const group = <T extends { person_id: string }>(rows: T[]) => {
		const map = new Map<string, T[]>();
		for (const row of rows) map.set(row.person_id, [...(map.get(row.person_id) ?? []), row]);
		return map;
	};
	const rolesOf = group(roles);
	const committeesOf = group(committees);
	const repsOf = group(reps);
	return people.map((p) => ({
		id: p.id,
		name: p.name,
		email: p.email,
		language: p.language,
		disabled: !!p.disabled_at,
		organisationId: p.organisation_id,
		officeRoles: new Set<OfficeRole>((rolesOf.get(p.id) ?? []).map((r) => r.role)),
		committees: new Map<string, CommitteeRole>((committeesOf.get(p.id) ?? []).map((c) => [c.committee_id, c.role])),
		represents: new Set((repsOf.get(p.id) ?? []).map((r) => r.organisation_id))
	}));
}

/** Everyone who may read the paper (disabled people never), sorted by name. */
export async function paperReaders(db: Kysely<DB>, paper: PaperRef): Promise<Actor[]> {
	let candidates = db
		.selectFrom('people')
		.select('people.id')
		.where('people.disabled_at', 'is', null)
		.where((eb) =>
			eb.or([
				eb.exists(eb.selectFrom('committee_members').select('person_id').whereRef('committee_members.person_id', '=', 'people.id').where('committee_id', '=', paper.committeeId)),
				eb.exists(eb.selectFrom('office_roles').select('person_id').whereRef('office_roles.person_id', '=', 'people.id')),
				...(WITH_REPRESENTATIVES.has(paper.status)
					? [eb.exists(eb.selectFrom('organisation_representatives').select('person_id').whereRef('organisation_representatives.person_id', '=', 'people.id'))]
					: [])
			])
		);
	// A published paper is for everyone; mentions there cannot happen (comments are closed), but
	// the question may still be asked: bound the answer.
	if (paper.status === 'published') candidates = db.selectFrom('people').select('people.id').where('people.disabled_at', 'is', null).orderBy('name').limit(2000);
	const ids = (await candidates.execute()).map((r) => r.id);
	const actors = await loadActors(db, ids);
	return actors.filter((a) => can(a, 'paper.read', paper)).sort((a, b) => a.name.localeCompare(b.name, 'de'));
}
