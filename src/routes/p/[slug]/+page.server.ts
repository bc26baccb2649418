// A published paper's public page: no login. Only a paper still published is found (an
// archived one is "not found"); the policy module agrees (paper.read for everyone when published).
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { database } from '$server/db';
import { findPublished } from '$server/publications/publications';
import { federationLineLength } from '$server/export/exports';
import { can } from '$server/policy';
import { translate } from '$lib/i18n';

export const load: PageServerLoad = async (event) => {
	const { db } = database();
	const paper = await findPublished(db, event.params.slug);
	if (!paper) error(404, translate(event.locals.locale, 'error.notFound'));
	const committee = await db.selectFrom('papers').select('committee_id').where('id', '=', paper.paperId).executeTakeFirstOrThrow();
	if (!can(event.locals.actor, 'paper.read', { id: paper.paperId, committeeId: committee.committee_id, status: 'published' })) {
		error(404, translate(event.locals.locale, 'error.notFound'));
	}
	const { content, ...rest } = paper;
	// The adopted text with the line numbers of its PDF (LineNumberedText runs the same function).
	return { paper: rest, content, lineLength: await federationLineLength(db) };
};
