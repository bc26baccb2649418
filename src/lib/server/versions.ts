// The paper behind a versions route, checked for the action the route needs. 404 for no paper.
import { error, type RequestEvent } from '@sveltejs/kit';
import { database } from '$server/db';
import { findPaper } from '$server/papers/papers';
import type { Action } from '$server/policy';
import { authorize } from '$lib/server/guard';
import { translate } from '$lib/i18n';

export async function paperFor(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>, action: Extract<Action, `version.${string}`>) {
	const paper = await findPaper(database().db, event.params.id ?? '');
	if (!paper) error(404, translate(event.locals.locale, 'error.notFound'));
	const ref = { id: paper.id, committeeId: paper.committee_id, status: paper.status };
	authorize(event, action, ref);
	return { paper, ref };
}
