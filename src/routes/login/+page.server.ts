import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { login } from '$server/auth/login';
import { createSession } from '$server/auth/sessions';
import { setSessionCookie } from '$lib/server/cookies';
import { failWith } from '$lib/server/forms';

/** Only same-site paths: an open redirect would let a link send people elsewhere after login. */
function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.actor) redirect(303, safeNext(url.searchParams.get('next')));
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const email = String(data.get('email') ?? '').slice(0, 254);
		const password = String(data.get('password') ?? '').slice(0, 256);
		if (!email.trim() || !password) {
			return failWith(400, data, 'form.errorSummary', {
				...(email.trim() ? {} : { email: 'form.required' }),
				...(password ? {} : { password: 'form.required' })
			});
		}
		const { db } = database();
		const result = await login(db, email, password);
		if (!result.ok) return failWith(result.reason === 'locked' ? 429 : 400, data, result.reason === 'locked' ? 'login.locked' : 'login.invalid');
		const { token, session } = await createSession(db, result.personId, event.request.headers.get('user-agent'));
		setSessionCookie(event, token, session.expiresAt);
		redirect(303, safeNext(event.url.searchParams.get('next')));
	}
};
