import type { PageServerLoad } from './$types';
import { database } from '$server/db';
import { committeesOf } from '$server/committees/committees';
import { listBallots } from '$server/ballots/ballots';
import { can } from '$server/policy';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = database();
	const federation = await db.selectFrom('federation').select(['name', 'short_name']).executeTakeFirst();
	const actor = locals.actor;
	if (!actor) return { federation, committees: [], representsName: null, ballotsToDecide: [] };
	const committees = await committeesOf(db, actor.id);
	const representsName = actor.represents.size
		? ((await db.selectFrom('organisations').select('name').where('id', 'in', [...actor.represents]).executeTakeFirst())?.name ?? null)
		: null;
	// Ballots in which the person's organisation has not voted yet: what awaits a representative.
	const ballotsToDecide = can(actor, 'ballot.list', null) && actor.represents.size
		? (await listBallots(db, actor, { running: true })).filter((b) => b.ownEligible && !b.ownVote && b.acceptingVotes).map((b) => ({ id: b.id, title: b.paperTitle, closesAt: b.closesAt }))
		: [];
	return { federation, committees, representsName, ballotsToDecide };
};
