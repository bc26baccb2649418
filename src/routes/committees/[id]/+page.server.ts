import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { database } from '$server/db';
import { committeeMembers, findCommittee } from '$server/committees/committees';
import { authorize } from '$lib/server/guard';
import { translate } from '$lib/i18n';

export const load: PageServerLoad = async (event) => {
	const { db } = database();
	const committee = await findCommittee(db, event.params.id);
	if (!committee) error(404, translate(event.locals.locale, 'error.notFound'));
	authorize(event, 'committee.read', { id: committee.id });
	const members = await committeeMembers(db, committee.id);
	return {
		committee,
		members,
		myRole: event.locals.actor?.committees.get(committee.id) ?? null
	};
};
