import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { newCommittee, newOrganisation, newPerson, TEST_PASSWORD } from './helpers/fixtures.ts';
import { login, LOCKOUT_FAILURES } from '../server/auth/login.ts';
import { createSession, validateSessionToken, invalidateSession, listSessions, endOwnSession, SESSION_LIFETIME_MS } from '../server/auth/sessions.ts';
import { hashToken } from '../server/auth/tokens.ts';
import { acceptInvitation, createInvitation, createPasswordReset, InvitationError, resetPassword } from '../server/auth/invitations.ts';
import { setDisabled } from '../server/people/people.ts';
import { loadActor } from '../server/people/actor.ts';

let handle: TestDatabase;
beforeAll(async () => {
	handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe('passwords and login', () => {
	it('logs in with the right password, case-insensitive email', async () => {
		const p = await newPerson(handle.db, { email: 'Ada@Example.org' });
		expect(await login(handle.db, 'ada@EXAMPLE.org', TEST_PASSWORD)).toEqual({ ok: true, personId: p.id });
	});

	it('answers the same for an unknown email and a wrong password', async () => {
		await newPerson(handle.db, { email: 'bob@example.org' });
		const wrong = await login(handle.db, 'bob@example.org', 'nope nope nope');
		const unknown = await login(handle.db, 'nobody@example.org', 'nope nope nope');
		expect(wrong).toEqual(unknown);
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
	});

	it('locks an account after 10 failures in 15 minutes, and lets the real user in once the window passed', async () => {
		const p = await newPerson(handle.db, { email: 'carla@example.org' });
		for (let i = 0; i < LOCKOUT_FAILURES; i++) {
			expect((await login(handle.db, 'carla@example.org', 'wrong password')).ok).toBe(false);
		}
		// Even the right password is refused while locked.
		expect(await login(handle.db, 'carla@example.org', TEST_PASSWORD)).toEqual({ ok: false, reason: 'locked' });
		// Another account is not affected.
		const other = await newPerson(handle.db, { email: 'dora@example.org' });
		expect(await login(handle.db, 'dora@example.org', TEST_PASSWORD)).toEqual({ ok: true, personId: other.id });
		// Move the failures 16 minutes into the past: the lock has expired.
		await handle.db
			.updateTable('failed_logins')
			.set({ at: sql`at - interval '16 minutes'` } as never)
			.where('email', '=', 'carla@example.org')
			.execute();
		expect(await login(handle.db, 'carla@example.org', TEST_PASSWORD)).toEqual({ ok: true, personId: p.id });
	});

	it('refuses a disabled person', async () => {
		await newPerson(handle.db, { email: 'eve@example.org', disabled: true });
		expect((await login(handle.db, 'eve@example.org', TEST_PASSWORD)).ok).toBe(false);
	});
});

describe('sessions', () => {
	it('stores only the hash of the token, validates and ends', async () => {
		const p = await newPerson(handle.db);
		const { token, session } = await createSession(handle.db, p.id, 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120');
		expect(token.length).toBeGreaterThanOrEqual(26); // ≥ 128 bits in base32
		const row = await handle.db.selectFrom('sessions').selectAll().where('person_id', '=', p.id).executeTakeFirstOrThrow();
		expect(row.id).toBe(hashToken(token));
		expect(row.id).not.toContain(token);
		expect((await validateSessionToken(handle.db, token))?.personId).toBe(p.id);
		await invalidateSession(handle.db, session.id);
		expect(await validateSessionToken(handle.db, token)).toBeNull();
	});

	it('slides the expiry when used in its second half, and refuses an expired one', async () => {
		const p = await newPerson(handle.db);
		const { token, session } = await createSession(handle.db, p.id, null);
		await handle.db.updateTable('sessions').set({ expires_at: new Date(Date.now() + 5 * 86400_000) }).where('id', '=', session.id).execute();
		const renewed = await validateSessionToken(handle.db, token);
		expect(renewed!.expiresAt.getTime()).toBeGreaterThan(Date.now() + SESSION_LIFETIME_MS - 60_000);
		await handle.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', session.id).execute();
		expect(await validateSessionToken(handle.db, token)).toBeNull();
	});

	it('a person ends only their own sessions', async () => {
		const a = await newPerson(handle.db);
		const b = await newPerson(handle.db);
		const sa = await createSession(handle.db, a.id, null);
		await createSession(handle.db, a.id, null);
		const sb = await createSession(handle.db, b.id, null);
		expect(await listSessions(handle.db, a.id)).toHaveLength(2);
		expect(await endOwnSession(handle.db, a.id, sb.session.id)).toBe(false);
		expect(await validateSessionToken(handle.db, sb.token)).not.toBeNull();
		expect(await endOwnSession(handle.db, a.id, sa.session.id)).toBe(true);
		expect(await listSessions(handle.db, a.id)).toHaveLength(1);
	});

	it('disabling a person ends all their sessions at once', async () => {
		const admin = await newPerson(handle.db, { officeRoles: ['admin'] });
		const p = await newPerson(handle.db);
		const s1 = await createSession(handle.db, p.id, null);
		const s2 = await createSession(handle.db, p.id, null);
		await setDisabled(handle.db, admin, p.id, true);
		expect(await validateSessionToken(handle.db, s1.token)).toBeNull();
		expect(await validateSessionToken(handle.db, s2.token)).toBeNull();
		const entry = await handle.db.selectFrom('audit_log').selectAll().where('object_id', '=', p.id).where('action', '=', 'person.disable').executeTakeFirst();
		expect(entry?.actor_id).toBe(admin.id);
	});
});

describe('invitations', () => {
	it('creates the person with the granted roles, once', async () => {
		const admin = await newPerson(handle.db, { officeRoles: ['admin'] });
		const committee = await newCommittee(handle.db);
		const org = await newOrganisation(handle.db);
		const { token } = await createInvitation(handle.db, admin, {
			email: 'new@example.org',
			name: 'Neu',
			organisationId: org.id,
			grants: { officeRoles: [], committees: [{ committeeId: committee.id, role: 'delegate' }], representative: true }
		});
		const personId = await acceptInvitation(handle.db, token, { name: 'Nia Neu', password: 'a long password', language: 'en' });
		const actor = (await loadActor(handle.db, personId))!;
		expect(actor.committees.get(committee.id)).toBe('delegate');
		expect(actor.represents.has(org.id)).toBe(true);
		expect(actor.language).toBe('en');
		await expect(acceptInvitation(handle.db, token, { name: 'Again', password: 'a long password', language: 'de' })).rejects.toMatchObject({ code: 'used' });
		expect((await login(handle.db, 'new@example.org', 'a long password')).ok).toBe(true);
	});

	it('refuses an expired or unknown link and an email that has an account', async () => {
		const admin = await newPerson(handle.db, { officeRoles: ['admin'] });
		const { token, id } = await createInvitation(handle.db, admin, { email: 'late@example.org', name: 'L', organisationId: null, grants: { officeRoles: [], committees: [], representative: false } });
		await handle.db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
		await expect(acceptInvitation(handle.db, token, { name: 'L', password: 'a long password', language: 'de' })).rejects.toMatchObject({ code: 'expired' });
		await expect(acceptInvitation(handle.db, 'x'.repeat(32), { name: 'L', password: 'a long password', language: 'de' })).rejects.toBeInstanceOf(InvitationError);
		await newPerson(handle.db, { email: 'taken@example.org' });
		await expect(createInvitation(handle.db, admin, { email: 'TAKEN@example.org', name: 'T', organisationId: null, grants: { officeRoles: [], committees: [], representative: false } })).rejects.toMatchObject({ code: 'email_taken' });
	});

	it('two concurrent accepts of one link make one person', async () => {
		const admin = await newPerson(handle.db, { officeRoles: ['admin'] });
		const { token } = await createInvitation(handle.db, admin, { email: 'race@example.org', name: 'R', organisationId: null, grants: { officeRoles: [], committees: [], representative: false } });
		const results = await Promise.allSettled([1, 2, 3].map(() => acceptInvitation(handle.db, token, { name: 'R', password: 'a long password', language: 'de' })));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const n = await handle.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).where('email', '=', 'race@example.org').executeTakeFirstOrThrow();
		expect(Number(n.n)).toBe(1);
	});

	it('a password reset sets the new password and ends old sessions', async () => {
		const admin = await newPerson(handle.db, { officeRoles: ['admin'] });
		const p = await newPerson(handle.db, { email: 'forgot@example.org' });
		const old = await createSession(handle.db, p.id, null);
		const { token } = await createPasswordReset(handle.db, admin, p.id);
		await resetPassword(handle.db, token, 'a brand new password');
		expect(await validateSessionToken(handle.db, old.token)).toBeNull();
		expect((await login(handle.db, 'forgot@example.org', 'a brand new password')).ok).toBe(true);
		await expect(resetPassword(handle.db, token, 'another password')).rejects.toMatchObject({ code: 'used' });
	});
});

describe('database invariants', () => {
	it('email is unique regardless of case', async () => {
		await newPerson(handle.db, { email: 'same@example.org' });
		await expect(newPerson(handle.db, { email: 'SAME@example.org' })).rejects.toThrow();
	});

	it('a representative must belong to the organisation', async () => {
		const org = await newOrganisation(handle.db);
		const p = await newPerson(handle.db);
		await expect(handle.db.insertInto('organisation_representatives').values({ organisation_id: org.id, person_id: p.id }).execute()).rejects.toThrow();
	});

	it('the audit log is append-only', async () => {
		const admin = await newPerson(handle.db, { officeRoles: ['admin'] });
		await setDisabled(handle.db, admin, admin.id, false);
		await expect(handle.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
		await expect(handle.db.updateTable('audit_log').set({ action: 'x' } as never).execute()).rejects.toThrow(/append-only/);
	});
});
