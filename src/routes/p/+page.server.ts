// The public index of published papers, newest first: no login.
import type { PageServerLoad } from './$types';
import { database } from '$server/db';
import { listPublished } from '$server/publications/publications';

export const load: PageServerLoad = async () => {
	const { db } = database();
	const federation = await db.selectFrom('federation').select(['name', 'short_name']).executeTakeFirst();
	return { papers: await listPublished(db), federation: federation?.short_name ?? federation?.name ?? '' };
};
