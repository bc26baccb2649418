// Accounts by invitation only. The link carries a random token; we keep its hash.
import { sql, type Kysely } from 'kysely';
import type { DB, InvitationGrants } from '../db/schema.ts';
import { generateToken, hashToken } from './tokens.ts';
import { hashPassword } from './password.ts';
import { audit } from '../audit.ts';
import { grantRoles } from '../people/people.ts';
import { invalidatePersonSessions } from './sessions.ts';
import type { Actor } from '../people/actor.ts';
import { authorize } from '../policy.ts';
import { FieldError, NotFoundError, translateConflicts } from '../errors.ts';
import { isUuid } from '../committees/committees.ts';

const DAY = 24 * 60 * 60 * 1000;
export const INVITATION_LIFETIME_MS = 7 * DAY;
export const RESET_LIFETIME_MS = 1 * DAY;

export class InvitationError extends Error {
	constructor(public code: 'email_taken' | 'invalid_token' | 'expired' | 'used') {
		super(code);
	}
}

export interface InvitationInput {
	email: string;
	name: string;
	organisationId: string | null;
	grants: InvitationGrants;
}

export async function emailTaken(db: Kysely<DB>, email: string): Promise<boolean> {
	const row = await db
		.selectFrom('people')
		.select('id')
		.where(sql`lower(email)`, '=', email.trim().toLowerCase())
		.executeTakeFirst();
	return !!row;
}

/**
 * Invites a person. A new invitation for the same email replaces any still open one, so that
 * only the link last shown to the admin works (a repeated submit leaves one live link).
 */
export async function createInvitation(db: Kysely<DB>, actor: Actor, input: InvitationInput) {
	authorize(actor, 'person.manage', null);
	if (input.grants.representative && !input.organisationId) throw new FieldError('representative', 'admin.people.representativeNeedsOrganisation');
	if (await emailTaken(db, input.email)) throw new InvitationError('email_taken');
	const token = generateToken();
	const email = input.email.trim();
	return translateConflicts(
		() =>
			db.transaction().execute(async (trx) => {
				// Grants are stored as JSON (no foreign keys): check the committees exist now.
				const committeeIds = [...new Set(input.grants.committees.map((c) => c.committeeId))];
				if (committeeIds.some((id) => !isUuid(id))) throw new FieldError('form', 'error.stale');
				if (committeeIds.length) {
					const found = await trx.selectFrom('committees').select('id').where('id', 'in', committeeIds).execute();
					if (found.length !== committeeIds.length) throw new FieldError('form', 'error.stale');
				}
				await trx
					.updateTable('invitations')
					.set({ revoked_at: new Date() })
					.where(sql`lower(email)`, '=', email.toLowerCase())
					.where('accepted_at', 'is', null)
					.where('revoked_at', 'is', null)
					.execute();
				const row = await trx
					.insertInto('invitations')
					.values({
						token_hash: hashToken(token),
						email,
						name: input.name.trim(),
						organisation_id: input.organisationId,
						grants: JSON.stringify(input.grants),
						invited_by: actor.id,
						expires_at: new Date(Date.now() + INVITATION_LIFETIME_MS)
					})
					.returning(['id', 'expires_at'])
					.executeTakeFirstOrThrow();
				await audit(trx, {
					actorId: actor.id,
					action: 'invitation.create',
					objectType: 'invitation',
					objectId: row.id,
					details: { email, grants: input.grants, organisationId: input.organisationId }
				});
				return { token, id: row.id, expiresAt: row.expires_at };
			}),
		new FieldError('form', 'error.stale')
	);
}

/** Invitations not yet accepted, revoked or expired, newest first. */
export async function listOpenInvitations(db: Kysely<DB>) {
	return db
		.selectFrom('invitations')
		.leftJoin('organisations', 'organisations.id', 'invitations.organisation_id')
		.select(['invitations.id', 'invitations.email', 'invitations.name', 'invitations.created_at', 'invitations.expires_at', 'organisations.name as organisation_name'])
		.where('accepted_at', 'is', null)
		.where('revoked_at', 'is', null)
		.where('expires_at', '>', new Date())
		.orderBy('invitations.created_at', 'desc')
		.execute();
}

/** Makes an open link useless. Revoking one already gone is a no-op, so a repeated submit is harmless. */
export async function revokeInvitation(db: Kysely<DB>, actor: Actor, invitationId: string): Promise<void> {
	authorize(actor, 'person.manage', null);
	if (!isUuid(invitationId)) throw new NotFoundError('invitation');
	await db.transaction().execute(async (trx) => {
		const row = await trx
			.updateTable('invitations')
			.set({ revoked_at: new Date() })
			.where('id', '=', invitationId)
			.where('accepted_at', 'is', null)
			.where('revoked_at', 'is', null)
			.returning('email')
			.executeTakeFirst();
		if (row) await audit(trx, { actorId: actor.id, action: 'invitation.revoke', objectType: 'invitation', objectId: invitationId, details: { email: row.email } });
	});
}

export async function findInvitation(db: Kysely<DB>, token: string) {
	const row = await db
		.selectFrom('invitations')
		.selectAll()
		.where('token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (!row) throw new InvitationError('invalid_token');
	if (row.accepted_at || row.revoked_at) throw new InvitationError('used');
	if (row.expires_at.getTime() <= Date.now()) throw new InvitationError('expired');
	return row;
}

/** Creates the person with the invitation's grants; single use even under concurrent accepts. */
export async function acceptInvitation(
	db: Kysely<DB>,
	token: string,
	input: { name: string; password: string; language: 'de' | 'en' }
): Promise<string> {
	const passwordHash = await hashPassword(input.password);
	return db.transaction().execute(async (trx) => {
		// Claim the invitation first: the conditional update lets only one accept win.
		const invitation = await trx
			.updateTable('invitations')
			.set({ accepted_at: new Date() })
			.where('token_hash', '=', hashToken(token))
			.where('accepted_at', 'is', null)
			.where('revoked_at', 'is', null)
			.where('expires_at', '>', new Date())
			.returningAll()
			.executeTakeFirst();
		if (!invitation) {
			await findInvitation(trx, token); // throws the precise reason
			throw new InvitationError('used');
		}
		if (await emailTaken(trx, invitation.email)) throw new InvitationError('email_taken');
		const person = await trx
			.insertInto('people')
			.values({
				name: input.name.trim(),
				email: invitation.email,
				password_hash: passwordHash,
				language: input.language,
				organisation_id: invitation.organisation_id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await grantRoles(trx, person.id, invitation.organisation_id, invitation.grants);
		await audit(trx, {
			actorId: person.id,
			action: 'invitation.accept',
			objectType: 'person',
			objectId: person.id,
			details: { invitationId: invitation.id }
		});
		return person.id;
	});
}

export async function createPasswordReset(db: Kysely<DB>, actor: Actor, personId: string) {
	authorize(actor, 'person.manage', null);
	if (!isUuid(personId)) throw new NotFoundError('person');
	const token = generateToken();
	const expiresAt = new Date(Date.now() + RESET_LIFETIME_MS);
	await translateConflicts(
		() =>
			db.transaction().execute(async (trx) => {
				await trx
					.insertInto('password_resets')
					.values({ token_hash: hashToken(token), person_id: personId, created_by: actor.id, expires_at: expiresAt })
					.execute();
				await audit(trx, { actorId: actor.id, action: 'person.password_reset_link', objectType: 'person', objectId: personId });
			}),
		new FieldError('form', 'error.stale'),
		new NotFoundError('person')
	);
	return { token, expiresAt };
}

export async function findPasswordReset(db: Kysely<DB>, token: string) {
	const row = await db
		.selectFrom('password_resets')
		.innerJoin('people', 'people.id', 'password_resets.person_id')
		.select(['password_resets.id', 'password_resets.person_id', 'password_resets.expires_at', 'password_resets.used_at', 'people.name', 'people.email'])
		.where('token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (!row) throw new InvitationError('invalid_token');
	if (row.used_at) throw new InvitationError('used');
	if (row.expires_at.getTime() <= Date.now()) throw new InvitationError('expired');
	return row;
}

/** Sets the new password and ends every session of the person: whoever had the old one is out. */
export async function resetPassword(db: Kysely<DB>, token: string, password: string): Promise<string> {
	const passwordHash = await hashPassword(password);
	return db.transaction().execute(async (trx) => {
		const reset = await trx
			.updateTable('password_resets')
			.set({ used_at: new Date() })
			.where('token_hash', '=', hashToken(token))
			.where('used_at', 'is', null)
			.where('expires_at', '>', new Date())
			.returning('person_id')
			.executeTakeFirst();
		if (!reset) {
			await findPasswordReset(trx, token);
			throw new InvitationError('used');
		}
		await trx.updateTable('people').set({ password_hash: passwordHash }).where('id', '=', reset.person_id).execute();
		await invalidatePersonSessions(trx, reset.person_id);
		await trx.deleteFrom('failed_logins').where(sql`lower(email)`, '=', sql`(select lower(email) from people where id = ${reset.person_id})`).execute();
		await audit(trx, { actorId: reset.person_id, action: 'person.password_reset', objectType: 'person', objectId: reset.person_id });
		return reset.person_id;
	});
}
