import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { invalidateSession } from '$server/auth/sessions';
import { clearSessionCookie } from '$lib/server/cookies';

export const load: PageServerLoad = async () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		if (event.locals.sessionId) await invalidateSession(database().db, event.locals.sessionId);
		clearSessionCookie(event);
		redirect(303, '/login');
	}
};
