// Login by email and password. Unknown email and wrong password answer alike and take as long.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { verifyPassword } from './password.ts';
import { audit } from '../audit.ts';

export const LOCKOUT_FAILURES = 10;
export const LOCKOUT_WINDOW_MINUTES = 15;

export type LoginResult =
	| { ok: true; personId: string }
	| { ok: false; reason: 'invalid' | 'locked' };

async function recentFailures(db: Kysely<DB>, email: string): Promise<number> {
	const row = await db
		.selectFrom('failed_logins')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where(sql`lower(email)`, '=', email)
		.where('at', '>', sql<Date>`now() - make_interval(mins => ${LOCKOUT_WINDOW_MINUTES})`)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function login(db: Kysely<DB>, rawEmail: string, password: string): Promise<LoginResult> {
	const email = rawEmail.trim().toLowerCase();
	// Locked: refuse before checking the password, so guessing cannot go on while locked.
	if ((await recentFailures(db, email)) >= LOCKOUT_FAILURES) {
		return { ok: false, reason: 'locked' };
	}
	const person = await db
		.selectFrom('people')
		.select(['id', 'password_hash', 'disabled_at'])
		.where(sql`lower(email)`, '=', email)
		.executeTakeFirst();
	const valid = await verifyPassword(person?.password_hash ?? null, password);
	if (!person || !valid || person.disabled_at) {
		await db.insertInto('failed_logins').values({ email }).execute();
		if ((await recentFailures(db, email)) >= LOCKOUT_FAILURES && person) {
			await audit(db, { actorId: null, action: 'login.locked', objectType: 'person', objectId: person.id });
		}
		return { ok: false, reason: 'invalid' };
	}
	return { ok: true, personId: person.id };
}
