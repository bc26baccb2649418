// @mention completion: people who may read the paper whose names match what was typed.
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { database } from '$server/db';
import { mentionCandidates } from '$server/comments/comments';
import { jsonFailure } from '$lib/server/comment-errors';

export const GET: RequestHandler = async (event) => {
	const query = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	try {
		const people = await mentionCandidates(database().db, event.locals.actor, event.params.id, query);
		return json({ people }, { headers: { 'cache-control': 'no-store' } });
	} catch (err) {
		return jsonFailure(err);
	}
};
