// Committees and their members: the queries in one place.
import type { Kysely } from 'kysely';
import type { CommitteeRole, DB } from '../db/schema.ts';
import { audit } from '../audit.ts';
import type { Actor } from '../people/actor.ts';
import { authorize } from '../policy.ts';
import { FieldError, NotFoundError, translateConflicts } from '../errors.ts';
import { rightsChanged } from '../people/rights.ts';

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

const committeeNameTaken = new FieldError('name', 'admin.committees.nameTaken');

export interface CommitteeInput {
	name: string;
	description: string;
}

export async function createCommittee(db: Kysely<DB>, actor: Actor, input: CommitteeInput): Promise<string> {
	authorize(actor, 'committee.manage', null);
	const values = { name: input.name.trim(), description: input.description.trim() };
	return translateConflicts(
		() =>
			db.transaction().execute(async (trx) => {
				const row = await trx.insertInto('committees').values(values).returning('id').executeTakeFirstOrThrow();
				await audit(trx, { actorId: actor.id, action: 'committee.create', objectType: 'committee', objectId: row.id, details: values });
				return row.id;
			}),
		committeeNameTaken
	);
}

export async function updateCommittee(db: Kysely<DB>, actor: Actor, id: string, input: CommitteeInput): Promise<void> {
	authorize(actor, 'committee.manage', null);
	if (!isUuid(id)) throw new NotFoundError('committee');
	const values = { name: input.name.trim(), description: input.description.trim() };
	await translateConflicts(
		() =>
			db.transaction().execute(async (trx) => {
				const before = await trx.selectFrom('committees').select(['name', 'description']).where('id', '=', id).forUpdate().executeTakeFirst();
				if (!before) throw new NotFoundError('committee');
				await trx.updateTable('committees').set(values).where('id', '=', id).execute();
				await audit(trx, { actorId: actor.id, action: 'committee.update', objectType: 'committee', objectId: id, details: { before, after: values } });
			}),
		committeeNameTaken
	);
}

/**
 * Adds a member, changes their role (`role` set) or removes them (`role` null). Idempotent, so a
 * repeated submit does no harm; a person or committee removed meanwhile is reported as stale.
 */
export async function setCommitteeMember(db: Kysely<DB>, actor: Actor, committeeId: string, personId: string, role: CommitteeRole | null): Promise<void> {
	authorize(actor, 'committee.manage', null);
	if (!isUuid(committeeId) || !isUuid(personId)) throw new NotFoundError('committee member');
	await translateConflicts(
		() =>
			db.transaction().execute(async (trx) => {
				if (role) {
					await trx
						.insertInto('committee_members')
						.values({ committee_id: committeeId, person_id: personId, role })
						.onConflict((oc) => oc.columns(['committee_id', 'person_id']).doUpdateSet({ role }))
						.execute();
				} else {
					await trx.deleteFrom('committee_members').where('committee_id', '=', committeeId).where('person_id', '=', personId).execute();
				}
				await audit(trx, {
					actorId: actor.id,
					action: role ? 'committee.member_set' : 'committee.member_remove',
					objectType: 'committee',
					objectId: committeeId,
					details: { personId, role }
				});
			}),
		new FieldError('form', 'error.stale')
	);
	await rightsChanged([personId]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids in URLs are checked before they reach a uuid column, which would throw on garbage. */
export function isUuid(value: string): boolean {
	return UUID.test(value);
}
