// Small builders for test data. Each returns what a test needs and nothing more.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CommitteeRole, DB, OfficeRole } from '../../server/db/schema.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { grantRoles } from '../../server/people/people.ts';
import { loadActor, type Actor } from '../../server/people/actor.ts';

export const TEST_PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;

export interface NewPersonOptions {
	name?: string;
	email?: string;
	organisationId?: string | null;
	officeRoles?: OfficeRole[];
	committees?: { committeeId: string; role: CommitteeRole }[];
	representative?: boolean;
	disabled?: boolean;
}

export async function newPerson(db: Kysely<DB>, o: NewPersonOptions = {}): Promise<Actor> {
	passwordHash ??= hashPassword(TEST_PASSWORD);
	const tag = randomBytes(4).toString('hex');
	const { id } = await db
		.insertInto('people')
		.values({
			name: o.name ?? `Person ${tag}`,
			email: o.email ?? `person-${tag}@example.org`,
			password_hash: await passwordHash,
			organisation_id: o.organisationId ?? null,
			disabled_at: o.disabled ? new Date() : null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await grantRoles(db, id, o.organisationId ?? null, {
		officeRoles: o.officeRoles ?? [],
		committees: o.committees ?? [],
		representative: o.representative ?? false
	});
	return (await loadActor(db, id))!;
}

export async function newCommittee(db: Kysely<DB>, name = `Ausschuss ${randomBytes(3).toString('hex')}`) {
	return db.insertInto('committees').values({ name, description: '' }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

export async function newOrganisation(db: Kysely<DB>, o: { name?: string; votingMember?: boolean } = {}) {
	return db
		.insertInto('organisations')
		.values({ name: o.name ?? `Organisation ${randomBytes(3).toString('hex')}`, voting_member: o.votingMember ?? true, kind: 'other' })
		.returning(['id', 'name'])
		.executeTakeFirstOrThrow();
}

/** One person for every role the permission table knows, around one committee and organisation. */
export async function cast(db: Kysely<DB>) {
	const committee = await newCommittee(db);
	const otherCommittee = await newCommittee(db);
	const organisation = await newOrganisation(db);
	return {
		committee,
		otherCommittee,
		organisation,
		anonymous: null,
		member: await newPerson(db, { organisationId: organisation.id }),
		delegate: await newPerson(db, { committees: [{ committeeId: committee.id, role: 'delegate' }] }),
		chair: await newPerson(db, { committees: [{ committeeId: committee.id, role: 'chair' }] }),
		otherChair: await newPerson(db, { committees: [{ committeeId: otherCommittee.id, role: 'chair' }] }),
		representative: await newPerson(db, { organisationId: organisation.id, representative: true }),
		policyOfficer: await newPerson(db, { officeRoles: ['policy_officer'] }),
		admin: await newPerson(db, { officeRoles: ['admin'] }),
		disabled: await newPerson(db, { officeRoles: ['admin'], committees: [{ committeeId: committee.id, role: 'chair' }], disabled: true })
	};
}
