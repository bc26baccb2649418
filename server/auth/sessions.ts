// Sessions in the Lucia guide's design: the cookie holds a random token, the table its SHA-256.
// 30 days, sliding: a session used in its second half is extended.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { generateToken, hashToken } from './tokens.ts';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
export const SESSION_COOKIE = 'mitsprache_session';
// Writing last_used_at on every request would cost a write per page view; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface ValidSession {
	id: string;
	personId: string;
	expiresAt: Date;
}

export async function createSession(
	db: Kysely<DB>,
	personId: string,
	userAgent: string | null
): Promise<{ token: string; session: ValidSession }> {
	const token = generateToken();
	const id = hashToken(token);
	const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
	await db
		.insertInto('sessions')
		.values({ id, person_id: personId, expires_at: expiresAt, user_agent: userAgent?.slice(0, 300) ?? null })
		.execute();
	return { token, session: { id, personId, expiresAt } };
}

/** The session for a cookie token, or null when unknown, expired or the person is disabled. */
export async function validateSessionToken(db: Kysely<DB>, token: string): Promise<ValidSession | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const id = hashToken(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('people', 'people.id', 'sessions.person_id')
		.select(['sessions.id', 'sessions.person_id', 'sessions.expires_at', 'sessions.last_used_at', 'people.disabled_at'])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const now = Date.now();
	if (row.disabled_at || row.expires_at.getTime() <= now) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return null;
	}
	let expiresAt = row.expires_at;
	const renew = expiresAt.getTime() - now < SESSION_LIFETIME_MS / 2;
	if (renew || now - row.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
		if (renew) expiresAt = new Date(now + SESSION_LIFETIME_MS);
		await db
			.updateTable('sessions')
			.set({ expires_at: expiresAt, last_used_at: new Date(now) })
			.where('id', '=', id)
			.execute();
	}
	return { id, personId: row.person_id, expiresAt };
}

export async function invalidateSession(db: Kysely<DB>, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function invalidatePersonSessions(db: Kysely<DB>, personId: string): Promise<void> {
	await db.deleteFrom('sessions').where('person_id', '=', personId).execute();
}

export async function listSessions(db: Kysely<DB>, personId: string) {
	return db
		.selectFrom('sessions')
		.select(['id', 'created_at', 'last_used_at', 'expires_at', 'user_agent'])
		.where('person_id', '=', personId)
		.where('expires_at', '>', new Date())
		.orderBy('last_used_at', 'desc')
		.execute();
}

/** Ends one of the person's own sessions; another person's session id does nothing. */
export async function endOwnSession(db: Kysely<DB>, personId: string, sessionId: string): Promise<boolean> {
	const result = await db
		.deleteFrom('sessions')
		.where('id', '=', sessionId)
		.where('person_id', '=', personId)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}
