import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { endOwnSession, listSessions } from '$server/auth/sessions';
import { authorize, requireActor } from '$lib/server/guard';
import { failWith } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	authorize(event, 'account.manage', null);
	const sessions = await listSessions(database().db, actor.id);
	return {
		sessions: sessions.map((s) => ({ ...s, current: s.id === event.locals.sessionId }))
	};
};

export const actions: Actions = {
	endSession: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'account.manage', null);
		const data = await event.request.formData();
		const id = String(data.get('session') ?? '');
		// Only the person's own sessions: the query is scoped to them.
		const ended = await endOwnSession(database().db, actor.id, id);
		if (!ended) return failWith(404, data, 'error.notFound');
		return { ended: true };
	}
};
