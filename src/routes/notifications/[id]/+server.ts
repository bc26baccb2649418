// Opening a notification: marks it read and goes where it leads (the thread on the paper). A GET
// that changes something, on purpose and harmless: it can only mark the person's own notification
// read, which is what following the link means.
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { database } from '$server/db';
import { markRead } from '$server/notifications/notifications';
import { loginRedirect } from '$lib/server/guard';

export const GET: RequestHandler = async (event) => {
	const actor = event.locals.actor;
	if (!actor || actor.disabled) loginRedirect(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id <= 0) redirect(303, '/notifications');
	const { db } = database();
	const row = await db.selectFrom('notifications').select('link').where('id', '=', id).where('person_id', '=', actor.id).executeTakeFirst();
	if (!row) redirect(303, '/notifications');
	await markRead(db, actor.id, [id]);
	// Only paths on this site: "//host" and "/\host" would leave it.
	redirect(303, /^\/(?![/\\])/.test(row.link) ? row.link : '/notifications');
};
