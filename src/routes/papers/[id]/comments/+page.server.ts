// All threads of a paper as a page: the view without JavaScript, and the actions every comment
// form posts to (the side panel's forms too, enhanced).
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { can } from '$server/policy';
import { findPaper } from '$server/papers/papers';
import { paperState } from '$server/collab/documents';
import { deleteComment, editComment, listThreads, reply, setResolved } from '$server/comments/comments';
import { commentFailure } from '$lib/server/comment-errors';
import { failWith, parseForm } from '$lib/server/forms';
import { authorize } from '$lib/server/guard';
import { translate } from '$lib/i18n';

export const load: PageServerLoad = async (event) => {
	const { db } = database();
	const paper = await findPaper(db, event.params.id);
	if (!paper) error(404, translate(event.locals.locale, 'error.notFound'));
	const ref = { id: paper.id, committeeId: paper.committee_id, status: paper.status };
	authorize(event, 'comment.list', ref);
	return {
		paper: { id: paper.id, title: paper.title, status: paper.status, committee_name: paper.committee_name },
		threads: await listThreads(db, event.locals.actor, paper.id, await paperState(paper.id)),
		canComment: can(event.locals.actor, 'comment.create', ref)
	};
};

const threadForm = z.object({ threadId: z.string().uuid('comments.error.gone') });
const replyForm = threadForm.extend({ body: z.string().max(20_000, 'comments.error.tooLong') });
const commentForm = z.object({ commentId: z.coerce.number().int('comments.error.gone').positive('comments.error.gone') });
const editForm = commentForm.extend({ body: z.string().max(20_000, 'comments.error.tooLong') });

/** Runs a comment command; a refusal becomes the form's message (and the field's, where one is to blame). */
async function run(data: FormData, work: () => Promise<unknown>, done: Record<string, unknown>) {
	try {
		await work();
		return { ok: true, ...done };
	} catch (err) {
		const failure = commentFailure(err);
		if (!failure) throw err;
		return failWith(failure.status, data, failure.key, failure.field === 'form' ? {} : { [failure.field]: failure.key });
	}
}

export const actions: Actions = {
	reply: async (event) => {
		const data = await event.request.formData();
		const parsed = parseForm(replyForm, data);
		if (!parsed.ok) return parsed.failure;
		const { threadId, body } = parsed.data;
		return run(data, () => reply(database().db, event.locals.actor, { threadId, body }), { threadId });
	},
	edit: async (event) => {
		const data = await event.request.formData();
		const parsed = parseForm(editForm, data);
		if (!parsed.ok) return parsed.failure;
		const { commentId, body } = parsed.data;
		return run(data, () => editComment(database().db, event.locals.actor, { commentId, body }), { commentId });
	},
	delete: async (event) => {
		const data = await event.request.formData();
		const parsed = parseForm(commentForm, data);
		if (!parsed.ok) return parsed.failure;
		return run(data, () => deleteComment(database().db, event.locals.actor, { commentId: parsed.data.commentId }), {});
	},
	resolve: async (event) => {
		const data = await event.request.formData();
		const parsed = parseForm(threadForm, data);
		if (!parsed.ok) return parsed.failure;
		return run(data, () => setResolved(database().db, event.locals.actor, { threadId: parsed.data.threadId, resolved: true }), { threadId: parsed.data.threadId });
	},
	reopen: async (event) => {
		const data = await event.request.formData();
		const parsed = parseForm(threadForm, data);
		if (!parsed.ok) return parsed.failure;
		return run(data, () => setResolved(database().db, event.locals.actor, { threadId: parsed.data.threadId, resolved: false }), { threadId: parsed.data.threadId });
	}
};
