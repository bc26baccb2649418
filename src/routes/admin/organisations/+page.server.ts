import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { createOrganisation, listOrganisations, ORGANISATION_KINDS } from '$server/organisations/organisations';
import { authorize, requireActor } from '$lib/server/guard';
import { parseForm } from '$lib/server/forms';
import { attempt } from '$lib/server/commands';
import { organisationSchema } from './schema';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'organisation.manage', null);
	return { organisations: await listOrganisations(database().db), kinds: ORGANISATION_KINDS };
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'organisation.manage', null);
		const data = await event.request.formData();
		const parsed = parseForm(organisationSchema, data);
		if (!parsed.ok) return parsed.failure;
		const result = await attempt(event, data, () => createOrganisation(database().db, actor, parsed.data));
		if (!result.ok) return result.failure;
		redirect(303, `/admin/organisations/${result.value}?created=1`);
	}
};
