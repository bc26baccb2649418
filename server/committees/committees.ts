// Committees and their members: the queries in one place.
import type { Kysely } from 'kysely';
import type { CommitteeRole, DB } from '../db/schema.ts';
import { audit } from '../audit.ts';

export async function listCommittees(db: Kysely<DB>) {
	return db
		.selectFrom('committees')
		.select(['committees.id', 'committees.name', 'committees.description'])
		.select((eb) => eb.selectFrom('committee_members').select(eb.fn.countAll<number>().as('n')).whereRef('committee_members.committee_id', '=', 'committees.id').as('member_count'))
		.orderBy('committees.created_at')
		.orderBy('committees.name')
		.execute();
}

export async function findCommittee(db: Kysely<DB>, id: string) {
	if (!isUuid(id)) return undefined;
	return db.selectFrom('committees').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function committeeMembers(db: Kysely<DB>, committeeId: string) {
	return db
		.selectFrom('committee_members')
		.innerJoin('people', 'people.id', 'committee_members.person_id')
		.leftJoin('organisations', 'organisations.id', 'people.organisation_id')
		.select(['people.id', 'people.name', 'committee_members.role', 'organisations.name as organisation_name', 'people.disabled_at'])
		.where('committee_members.committee_id', '=', committeeId)
		.orderBy('committee_members.role')
		.orderBy('people.name')
		.execute();
}

export async function committeesOf(db: Kysely<DB>, personId: string) {
	return db
		.selectFrom('committee_members')
		.innerJoin('committees', 'committees.id', 'committee_members.committee_id')
		.select(['committees.id', 'committees.name', 'committee_members.role'])
		.where('committee_members.person_id', '=', personId)
		.orderBy('committees.name')
		.execute();
}

export async function createCommittee(db: Kysely<DB>, actorId: string, input: { name: string; description: string }) {
	return db.transaction().execute(async (trx) => {
		const row = await trx.insertInto('committees').values(input).returning('id').executeTakeFirstOrThrow();
		await audit(trx, { actorId, action: 'committee.create', objectType: 'committee', objectId: row.id, details: input });
		return row.id;
	});
}

export async function updateCommittee(db: Kysely<DB>, actorId: string, id: string, input: { name: string; description: string }) {
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('committees').set(input).where('id', '=', id).execute();
		await audit(trx, { actorId, action: 'committee.update', objectType: 'committee', objectId: id, details: input });
	});
}

export async function setCommitteeMember(db: Kysely<DB>, actorId: string, committeeId: string, personId: string, role: CommitteeRole | null) {
	await db.transaction().execute(async (trx) => {
		if (role) {
			await trx
				.insertInto('committee_members')
				.values({ committee_id: committeeId, person_id: personId, role })
				.onConflict((oc) => oc.columns(['committee_id', 'person_id']).doUpdateSet({ role }))
				.execute();
		} else {
			await trx.deleteFrom('committee_members').where('committee_id', '=', committeeId).where('person_id', '=', personId).execute();
		}
		await audit(trx, { actorId, action: role ? 'committee.member_set' : 'committee.member_remove', objectType: 'committee', objectId: committeeId, details: { personId, role } });
	});
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids in URLs are checked before they reach a uuid column, which would throw on garbage. */
export function isUuid(value: string): boolean {
	return UUID.test(value);
}
