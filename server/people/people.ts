// People, their office roles, committee memberships and representation: the queries in one place.
import { sql, type Kysely } from 'kysely';
import type { CommitteeRole, DB, InvitationGrants, Language, OfficeRole } from '../db/schema.ts';
import { audit } from '../audit.ts';
import { invalidatePersonSessions } from '../auth/sessions.ts';
import type { Actor } from './actor.ts';
import { authorize } from '../policy.ts';
import { FieldError, NotFoundError, translateConflicts } from '../errors.ts';
import { isUuid } from '../committees/committees.ts';
import { rightsChanged } from './rights.ts';

/** Adds the grants of an invitation (or an admin's edit) to a person. */
export async function grantRoles(
	db: Kysely<DB>,
	personId: string,
	organisationId: string | null,
	grants: InvitationGrants
): Promise<void> {
	if (grants.officeRoles.length) {
		await db
			.insertInto('office_roles')
			.values(grants.officeRoles.map((role) => ({ person_id: personId, role })))
			.onConflict((oc) => oc.doNothing())
			.execute();
	}
	if (grants.committees.length) {
		await db
			.insertInto('committee_members')
			.values(grants.committees.map((c) => ({ committee_id: c.committeeId, person_id: personId, role: c.role })))
			.onConflict((oc) => oc.columns(['committee_id', 'person_id']).doUpdateSet((eb) => ({ role: eb.ref('excluded.role') })))
			.execute();
	}
	if (grants.representative && organisationId) {
		await db
			.insertInto('organisation_representatives')
			.values({ organisation_id: organisationId, person_id: personId })
			.onConflict((oc) => oc.doNothing())
			.execute();
	}
}

export interface PersonAccess {
	organisationId: string | null;
	officeRoles: OfficeRole[];
	committees: { committeeId: string; role: CommitteeRole }[];
	representative: boolean;
}

/**
 * Replaces a person's organisation and roles with exactly these, in one transaction, audited.
 * An admin cannot take away their own admin role: that is how the last admin would lock everyone out.
 */
export async function setPersonAccess(db: Kysely<DB>, actor: Actor, personId: string, access: PersonAccess) {
	authorize(actor, 'person.manage', null);
	if (!isUuid(personId)) throw new NotFoundError('person');
	if (personId === actor.id && !access.officeRoles.includes('admin')) throw new FieldError('officeRoles', 'admin.people.ownAdmin');
	if (access.representative && !access.organisationId) throw new FieldError('representative', 'admin.people.representativeNeedsOrganisation');
	await translateConflicts(
		() =>
			db.transaction().execute(async (trx) => {
				const exists = await trx.selectFrom('people').select('id').where('id', '=', personId).forUpdate().executeTakeFirst();
				if (!exists) throw new NotFoundError('person');
				const before = await personAccess(trx, personId);
				// Representation is tied to the organisation by a foreign key; clear it before moving.
				await trx.deleteFrom('organisation_representatives').where('person_id', '=', personId).execute();
				await trx.updateTable('people').set({ organisation_id: access.organisationId }).where('id', '=', personId).execute();
				await trx.deleteFrom('office_roles').where('person_id', '=', personId).execute();
				await trx.deleteFrom('committee_members').where('person_id', '=', personId).execute();
				await grantRoles(trx, personId, access.organisationId, access);
				await audit(trx, {
					actorId: actor.id,
					action: 'person.access',
					objectType: 'person',
					objectId: personId,
					details: { before, after: access }
				});
			}),
		new FieldError('form', 'error.stale')
	);
	await rightsChanged([personId]);
}

export async function personAccess(db: Kysely<DB>, personId: string): Promise<PersonAccess> {
	const [person, roles, committees, rep] = await Promise.all([
		db.selectFrom('people').select('organisation_id').where('id', '=', personId).executeTakeFirstOrThrow(),
		db.selectFrom('office_roles').select('role').where('person_id', '=', personId).execute(),
		db.selectFrom('committee_members').select(['committee_id', 'role']).where('person_id', '=', personId).execute(),
		db.selectFrom('organisation_representatives').select('organisation_id').where('person_id', '=', personId).executeTakeFirst()
	]);
	return {
		organisationId: person.organisation_id,
		officeRoles: roles.map((r) => r.role),
		committees: committees.map((c) => ({ committeeId: c.committee_id, role: c.role })),
		representative: !!rep
	};
}

export async function findPerson(db: Kysely<DB>, personId: string) {
	if (!isUuid(personId)) return undefined;
	return db
		.selectFrom('people')
		.leftJoin('organisations', 'organisations.id', 'people.organisation_id')
		.select(['people.id', 'people.name', 'people.email', 'people.language', 'people.organisation_id', 'people.disabled_at', 'people.created_at', 'organisations.name as organisation_name'])
		.where('people.id', '=', personId)
		.executeTakeFirst();
}

export async function listPeople(db: Kysely<DB>, opts: { search?: string; limit?: number; offset?: number } = {}) {
	const term = opts.search?.trim();
	return db
		.selectFrom('people')
		.leftJoin('organisations', 'organisations.id', 'people.organisation_id')
		.select([
			'people.id', 'people.name', 'people.email', 'people.disabled_at', 'organisations.name as organisation_name',
			(eb) => eb.selectFrom('office_roles').select(sql<string>`string_agg(role, ',' order by role)`.as('r')).whereRef('office_roles.person_id', '=', 'people.id').as('office_roles')
		])
		.$if(!!term, (q) =>
			q.where((eb) =>
				eb.or([
					eb('people.name', 'ilike', `%${escapeLike(term!)}%`),
					eb('people.email', 'ilike', `%${escapeLike(term!)}%`),
					eb('organisations.name', 'ilike', `%${escapeLike(term!)}%`)
				])
			)
		)
		.orderBy('people.name')
		.limit(opts.limit ?? 200)
		.offset(opts.offset ?? 0)
		.execute();
}

export function escapeLike(s: string): string {
	return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

export async function setLanguage(db: Kysely<DB>, personId: string, language: Language) {
	await db.updateTable('people').set({ language }).where('id', '=', personId).execute();
}

/** Disabling ends every session at once; re-enabling lets the person log in again. */
export async function setDisabled(db: Kysely<DB>, actor: Actor, personId: string, disabled: boolean) {
	authorize(actor, 'person.manage', null);
	if (!isUuid(personId)) throw new NotFoundError('person');
	if (disabled && personId === actor.id) throw new FieldError('form', 'admin.people.disableSelf');
	await db.transaction().execute(async (trx) => {
		const row = await trx.updateTable('people').set({ disabled_at: disabled ? new Date() : null }).where('id', '=', personId).returning('id').executeTakeFirst();
		if (!row) throw new NotFoundError('person');
		if (disabled) await invalidatePersonSessions(trx, personId);
		await audit(trx, { actorId: actor.id, action: disabled ? 'person.disable' : 'person.enable', objectType: 'person', objectId: personId });
	});
	await rightsChanged([personId]);
}

export async function updatePersonDetails(db: Kysely<DB>, actor: Actor, personId: string, input: { name: string; email: string }) {
	authorize(actor, 'person.manage', null);
	if (!isUuid(personId)) throw new NotFoundError('person');
	const values = { name: input.name.trim(), email: input.email.trim() };
	await translateConflicts(
		() =>
			db.transaction().execute(async (trx) => {
				const before = await trx.selectFrom('people').select(['name', 'email']).where('id', '=', personId).forUpdate().executeTakeFirst();
				if (!before) throw new NotFoundError('person');
				await trx.updateTable('people').set(values).where('id', '=', personId).execute();
				await audit(trx, { actorId: actor.id, action: 'person.update', objectType: 'person', objectId: personId, details: { before, after: values } });
			}),
		new FieldError('email', 'admin.people.emailTaken')
	);
}
