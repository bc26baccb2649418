import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { database } from '$server/db';
import { NotFoundError } from '$server/errors';
import { compareWith, listVersions } from '$server/versions/versions';
import { renderComparison, renderSideBySide, type DiffLabels, type LineRefs } from '$server/versions/render';
import { comparisonLines, rangeLabel } from '$server/export/compare-lines';
import { federationLineLength } from '$server/export/exports';
import { paperFor } from '$lib/server/versions';
import { translate, type Locale } from '$lib/i18n';

function labels(locale: Locale): DiffLabels {
	const t = (key: string) => translate(locale, key);
	return {
		insertedStart: t('versions.sr.insertedStart'),
		insertedEnd: t('versions.sr.insertedEnd'),
		deletedStart: t('versions.sr.deletedStart'),
		deletedEnd: t('versions.sr.deletedEnd'),
		formatChanged: t('versions.sr.formatChanged'),
		blockChanged: t('versions.sr.blockChanged')
	};
}

export const load: PageServerLoad = async (event) => {
	const { paper } = await paperFor(event, 'version.read');
	const { db } = database();
	const actor = event.locals.actor;
	const versions = await listVersions(db, actor, paper.id);
	const params = event.url.searchParams;
	const view = params.get('view') === 'side' ? 'side' : 'inline';
	// Without a choice: the newest version against the current text.
	const from = params.get('from') || versions[0]?.id;
	const to = params.get('to') || 'current';
	if (!from) return { paper, versions, view, fromId: null, toId: to, result: null };
	const loaded = await compareWith(db, actor, paper.id, from, to).catch((err) => {
		if (err instanceof NotFoundError) error(404, translate(event.locals.locale, 'versions.unknownVersion'));
		throw err;
	});
	// Line numbers in the margin, as the version views and PDFs count them (the newer version's inline).
	const lineLength = await federationLineLength(db);
	const lines: LineRefs = {
		label: translate(event.locals.locale, 'lines.lines'),
		blocks: comparisonLines(loaded.comparison.blocks, loaded.older, loaded.newer, lineLength).map((r) => ({ old: rangeLabel(r.old), new: rangeLabel(r.new) }))
	};
	const html =
		view === 'side' ? renderSideBySide(loaded.comparison, labels(event.locals.locale), lines) : renderComparison(loaded.comparison, labels(event.locals.locale), lines);
	return {
		paper,
		versions,
		view,
		fromId: from,
		toId: to,
		result: { from: loaded.from, to: loaded.to, summary: loaded.comparison.summary, html }
	};
};
