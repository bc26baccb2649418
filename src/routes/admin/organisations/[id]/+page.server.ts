import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { findOrganisation, organisationPeople, ORGANISATION_KINDS, setRepresentative, updateOrganisation } from '$server/organisations/organisations';
import { findPerson } from '$server/people/people';
import { authorize, requireActor } from '$lib/server/guard';
import { parseForm } from '$lib/server/forms';
import { attempt } from '$lib/server/commands';
import { translate } from '$lib/i18n';
import { organisationSchema } from '../schema';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'organisation.manage', null);
	const { db } = database();
	const organisation = await findOrganisation(db, event.params.id);
	if (!organisation) error(404, translate(event.locals.locale, 'error.notFound'));
	return {
		organisation,
		people: await organisationPeople(db, organisation.id),
		kinds: ORGANISATION_KINDS,
		created: event.url.searchParams.has('created')
	};
};

const representativeSchema = z.object({
	personId: z.string().uuid(),
	representative: z.enum(['0', '1'])
});

export const actions: Actions = {
	update: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'organisation.manage', null);
		const data = await event.request.formData();
		const parsed = parseForm(organisationSchema, data);
		if (!parsed.ok) return parsed.failure;
		const result = await attempt(event, data, () => updateOrganisation(database().db, actor, event.params.id, parsed.data));
		if (!result.ok) return result.failure;
		return { saved: true };
	},
	representative: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'organisation.manage', null);
		const data = await event.request.formData();
		const parsed = parseForm(representativeSchema, data);
		if (!parsed.ok) return parsed.failure;
		const { personId, representative } = parsed.data;
		const on = representative === '1';
		const result = await attempt(event, data, () => setRepresentative(database().db, actor, event.params.id, personId, on));
		if (!result.ok) return result.failure;
		const person = await findPerson(database().db, personId);
		return { done: on ? 'admin.organisations.representativeAdded' : 'admin.organisations.representativeRemoved', name: person?.name ?? '' };
	}
};
