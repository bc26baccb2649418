// Member organisations and who may cast their vote: the queries and admin commands in one place.
import type { Kysely } from 'kysely';
import type { DB, OrganisationKind } from '../db/schema.ts';
import type { Actor } from '../people/actor.ts';
import { authorize } from '../policy.ts';
import { audit } from '../audit.ts';
import { FieldError, NotFoundError, translateConflicts } from '../errors.ts';
import { isUuid } from '../committees/committees.ts';
import { rightsChanged } from '../people/rights.ts';

export const ORGANISATION_KINDS: readonly OrganisationKind[] = ['umbrella', 'network', 'federal', 'state', 'other'];

export interface OrganisationInput {
	name: string;
	shortName: string | null;
	kind: OrganisationKind;
	votingMember: boolean;
}

export async function listOrganisations(db: Kysely<DB>) {
	return db
		.selectFrom('organisations')
		.select(['organisations.id', 'organisations.name', 'organisations.short_name', 'organisations.kind', 'organisations.voting_member'])
		.select((eb) =>
			eb
				.selectFrom('organisation_representatives')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('organisation_representatives.organisation_id', '=', 'organisations.id')
				.as('representative_count')
		)
		.orderBy('organisations.name')
		.execute();
}

export async function findOrganisation(db: Kysely<DB>, id: string) {
	if (!isUuid(id)) return undefined;
	return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The people of an organisation, each with whether they may cast its vote. */
export async function organisationPeople(db: Kysely<DB>, organisationId: string) {
	return db
		.selectFrom('people')
		.leftJoin('organisation_representatives as r', (join) =>
			join.onRef('r.person_id', '=', 'people.id').onRef('r.organisation_id', '=', 'people.organisation_id')
		)
		.select(['people.id', 'people.name', 'people.email', 'people.disabled_at', 'r.person_id as representative_id'])
		.where('people.organisation_id', '=', organisationId)
		.orderBy('people.name')
		.execute()
		.then((rows) => rows.map(({ representative_id, ...p }) => ({ ...p, representative: representative_id !== null })));
}

const nameTaken = new FieldError('name', 'admin.organisations.nameTaken');

function row(input: OrganisationInput) {
	return { name: input.name.trim(), short_name: input.shortName?.trim() || null, kind: input.kind, voting_member: input.votingMember };
}

export async function createOrganisation(db: Kysely<DB>, actor: Actor, input: OrganisationInput): Promise<string> {
	authorize(actor, 'organisation.manage', null);
	return translateConflicts(
		() =>
			db.transaction().execute(async (trx) => {
				const { id } = await trx.insertInto('organisations').values(row(input)).returning('id').executeTakeFirstOrThrow();
				await audit(trx, { actorId: actor.id, action: 'organisation.create', objectType: 'organisation', objectId: id, details: { ...input } });
				return id;
			}),
		nameTaken
	);
}

export async function updateOrganisation(db: Kysely<DB>, actor: Actor, id: string, input: OrganisationInput): Promise<void> {
	authorize(actor, 'organisation.manage', null);
	if (!isUuid(id)) throw new NotFoundError('organisation');
	await translateConflicts(
		() =>
			db.transaction().execute(async (trx) => {
				const before = await trx.selectFrom('organisations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
				if (!before) throw new NotFoundError('organisation');
				await trx.updateTable('organisations').set(row(input)).where('id', '=', id).execute();
				await audit(trx, {
					actorId: actor.id,
					action: 'organisation.update',
					objectType: 'organisation',
					objectId: id,
					details: { before: { name: before.name, shortName: before.short_name, kind: before.kind, votingMember: before.voting_member }, after: { ...input } }
				});
			}),
		nameTaken
	);
}

/**
 * Names or removes a representative. Idempotent, so a repeated submit changes nothing; a person
 * who left the organisation meanwhile is refused by the database (the representative's foreign
 * key includes the organisation) and reported as a stale page.
 */
export async function setRepresentative(db: Kysely<DB>, actor: Actor, organisationId: string, personId: string, representative: boolean): Promise<void> {
	authorize(actor, 'organisation.manage', null);
	if (!isUuid(organisationId) || !isUuid(personId)) throw new NotFoundError('representative');
	await translateConflicts(
		() =>
			db.transaction().execute(async (trx) => {
				if (representative) {
					await trx
						.insertInto('organisation_representatives')
						.values({ organisation_id: organisationId, person_id: personId })
						.onConflict((oc) => oc.doNothing())
						.execute();
				} else {
					await trx.deleteFrom('organisation_representatives').where('organisation_id', '=', organisationId).where('person_id', '=', personId).execute();
				}
				await audit(trx, {
					actorId: actor.id,
					action: representative ? 'organisation.representative_add' : 'organisation.representative_remove',
					objectType: 'organisation',
					objectId: organisationId,
					details: { personId }
				});
			}),
		new FieldError('form', 'error.stale')
	);
	await rightsChanged([personId]);
}
