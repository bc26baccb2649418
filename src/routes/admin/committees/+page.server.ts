import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { createCommittee, listCommittees } from '$server/committees/committees';
import { authorize, requireActor } from '$lib/server/guard';
import { parseForm } from '$lib/server/forms';
import { attempt } from '$lib/server/commands';
import { committeeSchema } from './schema';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'committee.manage', null);
	return { committees: await listCommittees(database().db) };
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'committee.manage', null);
		const data = await event.request.formData();
		const parsed = parseForm(committeeSchema, data);
		if (!parsed.ok) return parsed.failure;
		const result = await attempt(event, data, () => createCommittee(database().db, actor, parsed.data));
		if (!result.ok) return result.failure;
		redirect(303, `/admin/committees/${result.value}?created=1`);
	}
};
