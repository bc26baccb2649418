import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { committeeMembers, findCommittee } from '$server/committees/committees';
import { createPaper, listPapers } from '$server/papers/papers';
import { PAPER_TYPES } from '$server/db/schema';
import { can } from '$server/policy';
import { authorize, requireActor } from '$lib/server/guard';
import { optionalText, parseForm, text } from '$lib/server/forms';
import { translate } from '$lib/i18n';

export const load: PageServerLoad = async (event) => {
	const { db } = database();
	const committee = await findCommittee(db, event.params.id);
	if (!committee) error(404, translate(event.locals.locale, 'error.notFound'));
	authorize(event, 'committee.read', { id: committee.id });
	const [members, papers] = await Promise.all([
		committeeMembers(db, committee.id),
		listPapers(db, event.locals.actor, { committeeId: committee.id })
	]);
	return {
		committee,
		members,
		papers,
		paperTypes: PAPER_TYPES,
		canCreatePaper: can(event.locals.actor, 'paper.create', { id: committee.id }),
		myRole: event.locals.actor?.committees.get(committee.id) ?? null
	};
};

const newPaper = z.object({
	title: text(300),
	type: z.enum(PAPER_TYPES, { message: 'papers.chooseType' }),
	summary: optionalText(2000)
});

export const actions: Actions = {
	createPaper: async (event) => {
		const actor = requireActor(event);
		const { db } = database();
		const committee = await findCommittee(db, event.params.id);
		if (!committee) error(404, translate(event.locals.locale, 'error.notFound'));
		authorize(event, 'paper.create', { id: committee.id });
		const parsed = parseForm(newPaper, await event.request.formData());
		if (!parsed.ok) return parsed.failure;
		const id = await createPaper(db, actor, { committeeId: committee.id, ...parsed.data });
		redirect(303, `/papers/${id}`);
	}
};
