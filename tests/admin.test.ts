// The administration's commands: allowed for an admin (with an audit entry), refused for everyone
// else without a trace, and conflicts from stale or repeated submits become field errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { cast, newCommittee, newOrganisation, newPerson } from './helpers/fixtures.ts';
import { PolicyError } from '../server/policy.ts';
import { FieldError, NotFoundError } from '../server/errors.ts';
import type { Actor } from '../server/people/actor.ts';
import { loadActor } from '../server/people/actor.ts';
import { createOrganisation, listOrganisations, organisationPeople, setRepresentative, updateOrganisation } from '../server/organisations/organisations.ts';
import { committeeMembers, createCommittee, setCommitteeMember, updateCommittee } from '../server/committees/committees.ts';
import { listPeople, personAccess, setDisabled, setPersonAccess, updatePersonDetails } from '../server/people/people.ts';
import {
	acceptInvitation,
	createInvitation,
	createPasswordReset,
	findInvitation,
	findPasswordReset,
	listOpenInvitations,
	resetPassword,
	revokeInvitation
} from '../server/auth/invitations.ts';
import { createSession, validateSessionToken } from '../server/auth/sessions.ts';
import { listAudit } from '../server/audit.ts';
import { login } from '../server/auth/login.ts';

let handle: TestDatabase;
let people: Awaited<ReturnType<typeof cast>>;

beforeAll(async () => {
	handle = await createTestDatabase();
	people = await cast(handle.db);
});
afterAll(() => handle.close());

const none = { officeRoles: [], committees: [], representative: false };

/** Everything an admin command could touch, to show that a refused one touched nothing. */
async function snapshot() {
	const db = handle.db;
	const [organisations, committees, members, reps, roles, persons, invitations, resets, sessions, audit] = await Promise.all([
		db.selectFrom('organisations').selectAll().orderBy('id').execute(),
		db.selectFrom('committees').selectAll().orderBy('id').execute(),
		db.selectFrom('committee_members').selectAll().orderBy('committee_id').orderBy('person_id').execute(),
		db.selectFrom('organisation_representatives').selectAll().orderBy('organisation_id').orderBy('person_id').execute(),
		db.selectFrom('office_roles').selectAll().orderBy('person_id').orderBy('role').execute(),
		db.selectFrom('people').select(['id', 'name', 'email', 'organisation_id', 'disabled_at', 'password_hash']).orderBy('id').execute(),
		db.selectFrom('invitations').selectAll().orderBy('id').execute(),
		db.selectFrom('password_resets').selectAll().orderBy('id').execute(),
		db.selectFrom('sessions').select(['id']).orderBy('id').execute(),
		db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
	]);
	return { organisations, committees, members, reps, roles, persons, invitations, resets, sessions, audit: Number(audit.n) };
}

/** Each admin command, run against the shared cast by the given actor. */
function commands(): { name: string; run: (actor: Actor) => Promise<unknown> }[] {
	const { committee, organisation, member, delegate, representative } = people;
	return [
		{ name: 'create an organisation', run: (a) => createOrganisation(handle.db, a, { name: `Neu ${Math.random()}`, shortName: null, kind: 'other', votingMember: true }) },
		{ name: 'edit an organisation', run: (a) => updateOrganisation(handle.db, a, organisation.id, { name: 'Umbenannt', shortName: 'U', kind: 'state', votingMember: false }) },
		{ name: 'name a representative', run: (a) => setRepresentative(handle.db, a, organisation.id, member.id, true) },
		{ name: 'remove a representative', run: (a) => setRepresentative(handle.db, a, organisation.id, representative.id, false) },
		{ name: 'create a committee', run: (a) => createCommittee(handle.db, a, { name: `Ausschuss ${Math.random()}`, description: '' }) },
		{ name: 'edit a committee', run: (a) => updateCommittee(handle.db, a, committee.id, { name: 'Umbenannt', description: 'x' }) },
		{ name: 'add a committee member', run: (a) => setCommitteeMember(handle.db, a, committee.id, member.id, 'delegate') },
		{ name: 'change a member role', run: (a) => setCommitteeMember(handle.db, a, committee.id, delegate.id, 'chair') },
		{ name: 'remove a committee member', run: (a) => setCommitteeMember(handle.db, a, committee.id, delegate.id, null) },
		{ name: "change a person's roles", run: (a) => setPersonAccess(handle.db, a, member.id, { organisationId: null, officeRoles: ['admin'], committees: [], representative: false }) },
		{ name: 'edit a person', run: (a) => updatePersonDetails(handle.db, a, member.id, { name: 'Anders', email: 'anders@example.org' }) },
		{ name: 'disable a person', run: (a) => setDisabled(handle.db, a, member.id, true) },
		{ name: 're-enable a person', run: (a) => setDisabled(handle.db, a, people.disabled.id, false) },
		{ name: 'invite a person', run: (a) => createInvitation(handle.db, a, { email: 'invitee@example.org', name: 'I', organisationId: null, grants: none }) },
		{ name: 'issue a password reset link', run: (a) => createPasswordReset(handle.db, a, member.id) }
	];
}

describe('admin commands are refused for everyone but an admin, and leave no trace', () => {
	const refused = ['anonymous', 'member', 'delegate', 'chair', 'representative', 'policyOfficer', 'disabled'] as const;
	for (const role of refused) {
		it(`${role}`, async () => {
			await createSession(handle.db, people.member.id, null);
			const before = await snapshot();
			for (const command of commands()) {
				const actor = people[role] as Actor;
				await expect(command.run(actor), command.name).rejects.toBeInstanceOf(PolicyError);
			}
			const open = await handle.db.selectFrom('invitations').select('id').executeTakeFirst();
			if (open) await expect(revokeInvitation(handle.db, people[role] as Actor, open.id)).rejects.toBeInstanceOf(PolicyError);
			expect(await snapshot()).toEqual(before);
		});
	}

	it('anonymous is told to log in (401), a signed-in person is forbidden (403)', async () => {
		await expect(createCommittee(handle.db, null as never, { name: 'X', description: '' })).rejects.toMatchObject({ status: 401 });
		await expect(createCommittee(handle.db, people.chair, { name: 'X', description: '' })).rejects.toMatchObject({ status: 403 });
	});
});

describe('admin commands work for an admin and are audited', () => {
	it('every command succeeds and writes one audit entry by the admin', async () => {
		for (const command of commands()) {
			const before = (await handle.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m ?? 0;
			await command.run(people.admin);
			const entries = await handle.db.selectFrom('audit_log').selectAll().where('id', '>', Number(before)).execute();
			expect(entries, command.name).toHaveLength(1);
			expect(entries[0].actor_id, command.name).toBe(people.admin.id);
		}
	});
});

describe('organisations', () => {
	it('lists with kind, status and number of representatives', async () => {
		const admin = await newPerson(handle.db, { officeRoles: ['admin'] });
		const id = await createOrganisation(handle.db, admin, { name: '  Verein für Teilhabe ', shortName: ' VfT ', kind: 'state', votingMember: false });
		const a = await newPerson(handle.db, { organisationId: id });
		const b = await newPerson(handle.db, { organisationId: id });
		await setRepresentative(handle.db, admin, id, a.id, true);
		await setRepresentative(handle.db, admin, id, a.id, true); // a repeated submit changes nothing
		const row = (await listOrganisations(handle.db)).find((o) => o.id === id)!;
		expect(row).toMatchObject({ name: 'Verein für Teilhabe', short_name: 'VfT', kind: 'state', voting_member: false });
		expect(Number(row.representative_count)).toBe(1);
		const listed = await organisationPeople(handle.db, id);
		expect(listed.map((p) => [p.id, p.representative])).toEqual(
			expect.arrayContaining([
				[a.id, true],
				[b.id, false]
			])
		);
		expect((await loadActor(handle.db, a.id))!.represents.has(id)).toBe(true);
		await setRepresentative(handle.db, admin, id, a.id, false);
		expect((await loadActor(handle.db, a.id))!.represents.size).toBe(0);
	});

	it('a duplicate name is a field error, not a crash', async () => {
		const org = await newOrganisation(handle.db, { name: 'Doppelt e.V.' });
		const err = await createOrganisation(handle.db, people.admin, { name: 'Doppelt e.V.', shortName: null, kind: 'other', votingMember: true }).catch((e) => e);
		expect(err).toBeInstanceOf(FieldError);
		expect(err).toMatchObject({ field: 'name', key: 'admin.organisations.nameTaken' });
		const other = await newOrganisation(handle.db);
		await expect(updateOrganisation(handle.db, people.admin, other.id, { name: org.name, shortName: null, kind: 'other', votingMember: true })).rejects.toMatchObject({ field: 'name' });
	});

	it('a person who is not of the organisation cannot represent it (a stale page)', async () => {
		const org = await newOrganisation(handle.db);
		const outsider = await newPerson(handle.db);
		await expect(setRepresentative(handle.db, people.admin, org.id, outsider.id, true)).rejects.toMatchObject({ field: 'form', key: 'error.stale' });
		await expect(updateOrganisation(handle.db, people.admin, '00000000-0000-4000-8000-000000000000', { name: 'x', shortName: null, kind: 'other', votingMember: true })).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('committees', () => {
	it('adds, changes and removes members; duplicate names are field errors', async () => {
		const id = await createCommittee(handle.db, people.admin, { name: 'Ausschuss für Tests', description: ' Beschreibung ' });
		const p = await newPerson(handle.db);
		await setCommitteeMember(handle.db, people.admin, id, p.id, 'delegate');
		await setCommitteeMember(handle.db, people.admin, id, p.id, 'delegate');
		expect((await committeeMembers(handle.db, id)).map((m) => m.role)).toEqual(['delegate']);
		await setCommitteeMember(handle.db, people.admin, id, p.id, 'chair');
		expect((await loadActor(handle.db, p.id))!.committees.get(id)).toBe('chair');
		await setCommitteeMember(handle.db, people.admin, id, p.id, null);
		await setCommitteeMember(handle.db, people.admin, id, p.id, null); // removing twice is harmless
		expect(await committeeMembers(handle.db, id)).toEqual([]);
		await expect(createCommittee(handle.db, people.admin, { name: 'Ausschuss für Tests', description: '' })).rejects.toMatchObject({ field: 'name', key: 'admin.committees.nameTaken' });
		const other = await newCommittee(handle.db);
		await expect(updateCommittee(handle.db, people.admin, other.id, { name: 'Ausschuss für Tests', description: '' })).rejects.toMatchObject({ field: 'name' });
		await expect(setCommitteeMember(handle.db, people.admin, id, '00000000-0000-4000-8000-000000000000', 'delegate')).rejects.toMatchObject({ key: 'error.stale' });
	});
});

describe('people', () => {
	it('replaces organisation, roles, memberships and representation in one go', async () => {
		const org = await newOrganisation(handle.db);
		const c1 = await newCommittee(handle.db);
		const c2 = await newCommittee(handle.db);
		const p = await newPerson(handle.db, { officeRoles: ['policy_officer'], committees: [{ committeeId: c1.id, role: 'chair' }] });
		await setPersonAccess(handle.db, people.admin, p.id, { organisationId: org.id, officeRoles: [], committees: [{ committeeId: c2.id, role: 'delegate' }], representative: true });
		expect(await personAccess(handle.db, p.id)).toEqual({ organisationId: org.id, officeRoles: [], committees: [{ committeeId: c2.id, role: 'delegate' }], representative: true });
		const entry = await handle.db.selectFrom('audit_log').selectAll().where('object_id', '=', p.id).where('action', '=', 'person.access').executeTakeFirstOrThrow();
		expect(entry.details).toMatchObject({ before: { officeRoles: ['policy_officer'] }, after: { representative: true } });
		// Moving to another organisation ends representation of the old one.
		const org2 = await newOrganisation(handle.db);
		await setPersonAccess(handle.db, people.admin, p.id, { organisationId: org2.id, officeRoles: [], committees: [], representative: false });
		expect((await loadActor(handle.db, p.id))!.represents.size).toBe(0);
	});

	it('refuses representation without an organisation, taking away one’s own admin role, and disabling oneself', async () => {
		const admin = await newPerson(handle.db, { officeRoles: ['admin'] });
		const p = await newPerson(handle.db);
		await expect(setPersonAccess(handle.db, admin, p.id, { organisationId: null, officeRoles: [], committees: [], representative: true })).rejects.toMatchObject({ field: 'representative' });
		await expect(setPersonAccess(handle.db, admin, admin.id, { organisationId: null, officeRoles: [], committees: [], representative: false })).rejects.toMatchObject({ field: 'officeRoles', key: 'admin.people.ownAdmin' });
		await expect(setDisabled(handle.db, admin, admin.id, true)).rejects.toMatchObject({ key: 'admin.people.disableSelf' });
		expect((await loadActor(handle.db, admin.id))!.officeRoles.has('admin')).toBe(true);
	});

	it('an email taken by someone else (in any case) is a field error', async () => {
		await newPerson(handle.db, { email: 'besetzt@example.org' });
		const p = await newPerson(handle.db);
		await expect(updatePersonDetails(handle.db, people.admin, p.id, { name: 'P', email: 'BESETZT@example.org' })).rejects.toMatchObject({ field: 'email', key: 'admin.people.emailTaken' });
		await updatePersonDetails(handle.db, people.admin, p.id, { name: ' Paula ', email: ' paula@example.org ' });
		expect(await handle.db.selectFrom('people').select(['name', 'email']).where('id', '=', p.id).executeTakeFirst()).toEqual({ name: 'Paula', email: 'paula@example.org' });
	});

	it('disabling ends all sessions; re-enabling lets the person in again', async () => {
		const p = await newPerson(handle.db);
		const s = await createSession(handle.db, p.id, null);
		await setDisabled(handle.db, people.admin, p.id, true);
		expect(await validateSessionToken(handle.db, s.token)).toBeNull();
		await setDisabled(handle.db, people.admin, p.id, false);
		expect((await loadActor(handle.db, p.id))!.disabled).toBe(false);
	});

	it('search finds by name, email and organisation, and treats % and _ literally', async () => {
		const org = await newOrganisation(handle.db, { name: 'Suchverein Südwest' });
		const p = await newPerson(handle.db, { name: 'Zeynep Findbar', email: 'zf@findbar.example', organisationId: org.id });
		for (const q of ['findbar', 'ZF@FIND', 'suchverein']) expect((await listPeople(handle.db, { search: q })).map((r) => r.id)).toContain(p.id);
		expect(await listPeople(handle.db, { search: '%' })).toEqual([]);
	});
});

describe('invitations through the services', () => {
	it('invite → accept → the person has the grants and can log in; the link then is used', async () => {
		const org = await newOrganisation(handle.db);
		const committee = await newCommittee(handle.db);
		const { token, expiresAt } = await createInvitation(handle.db, people.admin, {
			email: 'Invited@Example.org',
			name: 'Ina Invited',
			organisationId: org.id,
			grants: { officeRoles: ['policy_officer'], committees: [{ committeeId: committee.id, role: 'chair' }], representative: true }
		});
		expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 6.9 * 86400_000);
		expect((await findInvitation(handle.db, token)).name).toBe('Ina Invited');
		expect((await listOpenInvitations(handle.db)).map((i) => i.email)).toContain('Invited@Example.org');
		const id = await acceptInvitation(handle.db, token, { name: 'Ina I.', password: 'long enough pw', language: 'en' });
		const actor = (await loadActor(handle.db, id))!;
		expect(actor).toMatchObject({ name: 'Ina I.', email: 'Invited@Example.org', language: 'en', organisationId: org.id });
		expect([...actor.officeRoles]).toEqual(['policy_officer']);
		expect(actor.committees.get(committee.id)).toBe('chair');
		expect(actor.represents.has(org.id)).toBe(true);
		expect(await login(handle.db, 'invited@example.org', 'long enough pw')).toEqual({ ok: true, personId: id });
		await expect(findInvitation(handle.db, token)).rejects.toMatchObject({ code: 'used' });
		expect((await listOpenInvitations(handle.db)).map((i) => i.email)).not.toContain('Invited@Example.org');
		// Now that the account exists, inviting the address again is refused.
		await expect(createInvitation(handle.db, people.admin, { email: 'invited@example.org', name: 'x', organisationId: null, grants: none })).rejects.toMatchObject({ code: 'email_taken' });
	});

	it('a second invitation to the same address replaces the first; a revoked link is used', async () => {
		const first = await createInvitation(handle.db, people.admin, { email: 'twice@example.org', name: 'T', organisationId: null, grants: none });
		const second = await createInvitation(handle.db, people.admin, { email: 'TWICE@example.org', name: 'T', organisationId: null, grants: none });
		await expect(findInvitation(handle.db, first.token)).rejects.toMatchObject({ code: 'used' });
		await findInvitation(handle.db, second.token);
		await revokeInvitation(handle.db, people.admin, second.id);
		await revokeInvitation(handle.db, people.admin, second.id); // twice: harmless
		await expect(acceptInvitation(handle.db, second.token, { name: 'T', password: 'long enough pw', language: 'de' })).rejects.toMatchObject({ code: 'used' });
		expect(await handle.db.selectFrom('audit_log').select('id').where('object_id', '=', second.id).where('action', '=', 'invitation.revoke').execute()).toHaveLength(1);
	});

	it('an address that got an account meanwhile is refused at acceptance, and the link stays open', async () => {
		const inv = await createInvitation(handle.db, people.admin, { email: 'meanwhile@example.org', name: 'M', organisationId: null, grants: none });
		await newPerson(handle.db, { email: 'Meanwhile@example.org' });
		await expect(acceptInvitation(handle.db, inv.token, { name: 'M', password: 'long enough pw', language: 'de' })).rejects.toMatchObject({ code: 'email_taken' });
		expect((await handle.db.selectFrom('invitations').select('accepted_at').where('id', '=', inv.id).executeTakeFirstOrThrow()).accepted_at).toBeNull();
	});

	it('refuses grants for a committee that does not exist and representation without organisation', async () => {
		await expect(
			createInvitation(handle.db, people.admin, { email: 'g@example.org', name: 'G', organisationId: null, grants: { ...none, committees: [{ committeeId: '00000000-0000-4000-8000-000000000000', role: 'delegate' }] } })
		).rejects.toMatchObject({ key: 'error.stale' });
		await expect(createInvitation(handle.db, people.admin, { email: 'g@example.org', name: 'G', organisationId: null, grants: { ...none, representative: true } })).rejects.toMatchObject({ field: 'representative' });
		await expect(createInvitation(handle.db, people.admin, { email: 'g@example.org', name: 'G', organisationId: '00000000-0000-4000-8000-000000000000', grants: none })).rejects.toMatchObject({ key: 'error.stale' });
	});

	it('a reset link works once and ends every session', async () => {
		const p = await newPerson(handle.db, { email: 'vergessen@example.org' });
		const s = await createSession(handle.db, p.id, null);
		const { token } = await createPasswordReset(handle.db, people.admin, p.id);
		expect((await findPasswordReset(handle.db, token)).email).toBe('vergessen@example.org');
		await resetPassword(handle.db, token, 'ganz neues passwort');
		expect(await validateSessionToken(handle.db, s.token)).toBeNull();
		await expect(findPasswordReset(handle.db, token)).rejects.toMatchObject({ code: 'used' });
		await expect(createPasswordReset(handle.db, people.admin, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('audit log filters', () => {
	it('filters by person, object type, object id and time, newest first, with paging', async () => {
		const admin = await newPerson(handle.db, { officeRoles: ['admin'] });
		const committeeIds: string[] = [];
		for (let i = 0; i < 5; i++) committeeIds.push(await createCommittee(handle.db, admin, { name: `Protokollausschuss ${i}`, description: '' }));
		const org = await createOrganisation(handle.db, admin, { name: 'Protokollverein', shortName: null, kind: 'other', votingMember: true });

		const mine = await listAudit(handle.db, { actorId: admin.id });
		expect(mine.map((e) => e.object_id)).toEqual([org, ...[...committeeIds].reverse()]);
		expect(mine[0].actor_name).toBe(admin.name);
		expect(mine.every((e, i) => i === 0 || e.id < mine[i - 1].id)).toBe(true);

		const committeesOnly = await listAudit(handle.db, { actorId: admin.id, objectType: 'committee' });
		expect(committeesOnly).toHaveLength(5);
		expect(await listAudit(handle.db, { objectType: 'committee', objectId: committeeIds[2] })).toMatchObject([{ action: 'committee.create', object_id: committeeIds[2] }]);

		// Paging: two at a time, each page older than the last.
		const page1 = await listAudit(handle.db, { actorId: admin.id, limit: 2 });
		const page2 = await listAudit(handle.db, { actorId: admin.id, limit: 2, beforeId: page1[1].id });
		const page3 = await listAudit(handle.db, { actorId: admin.id, limit: 2, beforeId: page2[1].id });
		expect([...page1, ...page2, ...page3].map((e) => e.id)).toEqual(mine.map((e) => e.id));

		// Time: move one entry a day into the past and filter around it.
		const old = mine[mine.length - 1];
		await sql`alter table audit_log disable trigger audit_log_no_update`.execute(handle.db);
		try {
			await sql`update audit_log set at = now() - interval '2 days' where id = ${old.id}`.execute(handle.db);
		} finally {
			await sql`alter table audit_log enable trigger audit_log_no_update`.execute(handle.db);
		}
		const dayAgo = new Date(Date.now() - 86400_000);
		expect((await listAudit(handle.db, { actorId: admin.id, to: dayAgo })).map((e) => e.id)).toEqual([old.id]);
		expect((await listAudit(handle.db, { actorId: admin.id, from: dayAgo })).map((e) => e.id)).not.toContain(old.id);
		expect(await listAudit(handle.db, { actorId: admin.id, from: new Date(Date.now() + 60_000) })).toEqual([]);
	});
});
