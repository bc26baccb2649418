// A published paper as PDF, Word or Markdown, for everyone: /p/<slug>/export.pdf (or .docx, .md).
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { database } from '$server/db';
import { exportPublication, isExportFormat } from '$server/export/exports';
import { download, exportWords } from '$lib/server/downloads';
import { translate } from '$lib/i18n';

export const GET: RequestHandler = async (event) => {
	const { db } = database();
	const { slug, format } = event.params;
	if (!isExportFormat(format)) error(404, translate(event.locals.locale, 'error.notFound'));
	// The policy check ('publication.export') is in exportPublication: unpublished is "not found".
	return download(event.locals.locale, () => exportPublication(db, event.locals.actor, slug, format, exportWords(event.locals.locale)));
};
