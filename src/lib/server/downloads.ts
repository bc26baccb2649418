// Download endpoints (PDF, Word, Markdown): the reader's words for the file, and the response.
import { error } from '@sveltejs/kit';
import { NotFoundError } from '$server/errors';
import { ExportTooLargeError, type ExportFile, type ExportWords } from '$server/export/exports';
import { formatDate, translate, type Locale } from '$lib/i18n';

export function exportWords(locale: Locale): ExportWords {
	return { locale, t: (key, params) => translate(locale, key, params), date: (date) => formatDate(locale, date) };
}

/** Runs the export; a missing version or publication is a 404 page, not a 500. */
export async function download(locale: Locale, work: () => Promise<ExportFile>): Promise<Response> {
	let file: ExportFile;
	try {
		file = await work();
	} catch (err) {
		if (err instanceof NotFoundError) error(404, translate(locale, 'error.notFound'));
		if (err instanceof ExportTooLargeError) error(413, translate(locale, 'export.tooLarge', { lines: err.lines }));
		throw err;
	}
	return new Response(file.body as BodyInit, {
		headers: {
			'Content-Type': file.contentType,
			'Content-Disposition': file.contentDisposition,
			// The words around the text follow the reader's language, and rights change: no shared caches.
			'Cache-Control': 'private, no-cache',
			'X-Content-Type-Options': 'nosniff'
		}
	});
}
