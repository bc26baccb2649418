import type { PageServerLoad } from './$types';
import { database } from '$server/db';
import { listPapers } from '$server/papers/papers';
import { authorize } from '$lib/server/guard';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'paper.list', null);
	const search = (event.url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const papers = await listPapers(database().db, event.locals.actor, { search: search || undefined });
	return { papers, search };
};
