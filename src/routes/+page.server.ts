import type { PageServerLoad } from './$types';
import { database } from '$server/db';
import { committeesOf } from '$server/committees/committees';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = database();
	const federation = await db.selectFrom('federation').select(['name', 'short_name']).executeTakeFirst();
	const actor = locals.actor;
	if (!actor) return { federation, committees: [], representsName: null };
	const committees = await committeesOf(db, actor.id);
	const representsName = actor.represents.size
		? ((await db.selectFrom('organisations').select('name').where('id', 'in', [...actor.represents]).executeTakeFirst())?.name ?? null)
		: null;
	return { federation, committees, representsName };
};
