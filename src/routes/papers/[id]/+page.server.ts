import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { database } from '$server/db';
import { findPaper, paperContentJson } from '$server/papers/papers';
import { can } from '$server/policy';
import { colorFor } from '$server/collab/colors';
import { workflowPanel } from '$server/workflow/panel';
import { versionsPanel } from '$server/versions/panel';
import { federationLineLength } from '$server/export/exports';
import { authorize } from '$lib/server/guard';
import { translate } from '$lib/i18n';

export const load: PageServerLoad = async (event) => {
	const { db } = database();
	const paper = await findPaper(db, event.params.id);
	if (!paper) error(404, translate(event.locals.locale, 'error.notFound'));
	const ref = { id: paper.id, committeeId: paper.committee_id, status: paper.status };
	authorize(event, 'paper.read', ref);
	const actor = event.locals.actor;
	return {
		paper,
		// The editor re-reads this after every (re)connect (invalidateAll), so a change of status or
		// rights turns the editor read-only or editable without a reload.
		canEdit: can(actor, 'paper.edit', ref),
		// The collaboration server puts the same name and colour into what the others see.
		collaborator: actor ? { id: actor.id, name: actor.name, color: colorFor(actor.id) } : null,
		// Anonymous readers of a published paper have no websocket; they read the stored rendering.
		content: actor ? null : await paperContentJson(db, paper.id),
		lineLength: await federationLineLength(db),
		// Status, path, the steps this person may take, the ballot and the public page.
		workflow: await workflowPanel(db, actor, ref),
		// The history panel; also records this visit for "changes since my last visit".
		versions: await versionsPanel(db, actor, ref)
	};
};
