// A version as PDF, Word or Markdown: /papers/<id>/versions/<versionId>/export.pdf (or .docx, .md).
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { database } from '$server/db';
import { paperRef } from '$server/papers/papers';
import { exportVersion, isExportFormat } from '$server/export/exports';
import { authorize } from '$lib/server/guard';
import { download, exportWords } from '$lib/server/downloads';
import { translate } from '$lib/i18n';

export const GET: RequestHandler = async (event) => {
	const { db } = database();
	const { id, versionId, format } = event.params;
	if (!isExportFormat(format)) error(404, translate(event.locals.locale, 'error.notFound'));
	const ref = await paperRef(db, id);
	if (!ref) error(404, translate(event.locals.locale, 'error.notFound'));
	// A visitor without a session goes to the login and comes back to the download.
	authorize(event, 'version.export', ref);
	return download(event.locals.locale, () => exportVersion(db, event.locals.actor, id, versionId, format, exportWords(event.locals.locale)));
};
