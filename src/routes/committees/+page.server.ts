import type { PageServerLoad } from './$types';
import { database } from '$server/db';
import { listCommittees } from '$server/committees/committees';
import { authorize } from '$lib/server/guard';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'committee.list', null);
	return { committees: await listCommittees(database().db) };
};
