// The threads of a paper as JSON (the comments panel fetches them, again after every change
// event), and the start of a new thread on a passage (anchors come from the browser's editor).
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { database } from '$server/db';
import { can } from '$server/policy';
import { paperRef } from '$server/papers/papers';
import { paperState } from '$server/collab/documents';
import { createThread, listThreads } from '$server/comments/comments';
import { anchorFromBase64 } from '$server/comments/anchors';
import { jsonFailure } from '$lib/server/comment-errors';
import { authorizeApi } from '$lib/server/guard';
import { translate } from '$lib/i18n';

export const GET: RequestHandler = async (event) => {
	const { db } = database();
	const paper = await paperRef(db, event.params.id);
	if (!paper) error(404, translate(event.locals.locale, 'error.notFound'));
	authorizeApi(event, 'comment.list', paper);
	const threads = await listThreads(db, event.locals.actor, paper.id, await paperState(paper.id));
	return json(
		{ threads, canComment: can(event.locals.actor, 'comment.create', paper), status: paper.status },
		{ headers: { 'cache-control': 'no-store' } }
	);
};

export const POST: RequestHandler = async (event) => {
	// JSON only: a cross-site form cannot send it without the browser asking first (CORS).
	if (!event.request.headers.get('content-type')?.startsWith('application/json')) error(415, 'application/json expected');
	const body: unknown = await event.request.json().catch(() => null);
	const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
	const anchorStart = anchorFromBase64(input.anchorStart);
	const anchorEnd = anchorFromBase64(input.anchorEnd);
	try {
		if (!anchorStart || !anchorEnd) return json({ error: { field: 'anchor', key: 'comments.error.anchor' } }, { status: 400 });
		const result = await createThread(
			database().db,
			event.locals.actor,
			{
				paperId: event.params.id,
				anchorStart,
				anchorEnd,
				quotedText: typeof input.quotedText === 'string' ? input.quotedText.slice(0, 4000) : undefined,
				body: typeof input.body === 'string' ? input.body.slice(0, 20_000) : ''
			},
			() => paperState(event.params.id)
		);
		return json(result, { status: 201 });
	} catch (err) {
		return jsonFailure(err);
	}
};
