import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { isLocale } from '$lib/i18n';
import { setLanguage } from '$server/people/people';
import { setLocaleCookie } from '$lib/server/cookies';
import { can } from '$server/policy';

export const load: PageServerLoad = async () => redirect(303, '/');

export const actions: Actions = {
	// Remembered in a cookie for everyone and on the account for people who are signed in.
	default: async (event) => {
		const data = await event.request.formData();
		const locale = data.get('locale');
		const back = String(data.get('redirect') ?? '/');
		if (isLocale(locale)) {
			setLocaleCookie(event, locale);
			const actor = event.locals.actor;
			if (actor && can(actor, 'account.manage', null)) await setLanguage(database().db, actor.id, locale);
		}
		redirect(303, back.startsWith('/') && !back.startsWith('//') ? back : '/');
	}
};
