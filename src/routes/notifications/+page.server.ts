// The signed-in person's notifications: mentions, replies, new threads, ballot reminders.
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { listNotifications, markRead } from '$server/notifications/notifications';
import { parseForm } from '$lib/server/forms';
import { requireActor } from '$lib/server/guard';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const rows = await listNotifications(database().db, actor.id, 100);
	return {
		notifications: rows.map((n) => ({
			id: n.id,
			kind: n.kind,
			link: n.link,
			payload: n.payload,
			createdAt: new Date(n.created_at).toISOString(),
			read: !!n.read_at
		}))
	};
};

const one = z.object({ id: z.coerce.number().int().positive() });

export const actions: Actions = {
	read: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(one, await event.request.formData());
		if (!parsed.ok) return parsed.failure;
		// Only the person's own: markRead filters by person.
		await markRead(database().db, actor.id, [parsed.data.id]);
		return { ok: true };
	},
	readAll: async (event) => {
		const actor = requireActor(event);
		await markRead(database().db, actor.id);
		return { ok: true, all: true };
	}
};
