import type { PageServerLoad } from './$types';
import { authorize } from '$lib/server/guard';
import { abilities } from '$server/policy';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'admin.access', null);
	return {
		may: abilities(event.locals.actor, { 'organisation.manage': null, 'committee.manage': null, 'person.manage': null, 'audit.read': null })
	};
};
