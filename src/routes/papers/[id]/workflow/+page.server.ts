// The workflow steps of a paper, as form actions. The paper page posts here; success returns to
// it, a failure (without JavaScript) shows this page with the message and the panel again.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { findPaper } from '$server/papers/papers';
import { workflowPanel } from '$server/workflow/panel';
import { archivePaper, handToFinalisation, sendBackToDraft } from '$server/workflow/workflow';
import { publishPaper } from '$server/publications/publications';
import { authorize, requireActor } from '$lib/server/guard';
import { attempt } from '$lib/server/commands';
import { translate } from '$lib/i18n';

async function paperOf(event: Pick<RequestEvent, 'params' | 'locals' | 'url'>) {
	const paper = await findPaper(database().db, event.params.id!);
	if (!paper) error(404, translate(event.locals.locale, 'error.notFound'));
	const ref = { id: paper.id, committeeId: paper.committee_id, status: paper.status };
	authorize(event, 'paper.read', ref);
	return { paper, ref };
}

export const load: PageServerLoad = async (event) => {
	requireActor(event);
	const { paper, ref } = await paperOf(event);
	return { paper, workflow: await workflowPanel(database().db, event.locals.actor, ref) };
};

type Step = 'toFinalisation' | 'backToDraft' | 'publish' | 'archive';

function stepAction(step: Step) {
	return async (event: RequestEvent) => {
		requireActor(event);
		const { paper } = await paperOf(event);
		const data = await event.request.formData();
		const reason = String(data.get('reason') ?? '');
		const { db } = database();
		const actor = event.locals.actor;
		const result = await attempt(event, data, (): Promise<unknown> => {
			switch (step) {
				case 'toFinalisation':
					return handToFinalisation(db, actor, paper.id, { reason });
				case 'backToDraft':
					return sendBackToDraft(db, actor, paper.id, { reason });
				case 'publish':
					return publishPaper(db, actor, paper.id);
				case 'archive':
					return archivePaper(db, actor, paper.id, { reason });
			}
		});
		if (!result.ok) return result.failure;
		redirect(303, `/papers/${paper.id}?done=${step}`);
	};
}

export const actions: Actions = {
	toFinalisation: stepAction('toFinalisation'),
	backToDraft: stepAction('backToDraft'),
	publish: stepAction('publish'),
	archive: stepAction('archive')
};
