import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { can } from '$server/policy';
import { NotFoundError } from '$server/errors';
import { getVersion, listVersions, restoreVersion } from '$server/versions/versions';
import { federationLineLength } from '$server/export/exports';
import { attempt } from '$lib/server/commands';
import { paperFor } from '$lib/server/versions';
import { translate } from '$lib/i18n';

export const load: PageServerLoad = async (event) => {
	const { paper, ref } = await paperFor(event, 'version.read');
	const { db } = database();
	const actor = event.locals.actor;
	const version = await getVersion(db, actor, paper.id, event.params.versionId).catch((err) => {
		if (err instanceof NotFoundError) error(404, translate(event.locals.locale, 'versions.unknownVersion'));
		throw err;
	});
	const all = await listVersions(db, actor, paper.id);
	const previous = all.find((v) => v.number < version.number);
	const { content, text: _text, ...summary } = version;
	return {
		paper,
		version: summary,
		previousId: previous?.id ?? null,
		// The text goes to LineNumberedText, which breaks it into the same numbered lines as the PDF.
		content,
		lineLength: await federationLineLength(db),
		canExport: can(actor, 'version.export', ref),
		canRestore: can(actor, 'version.restore', ref)
	};
};

export const actions: Actions = {
	restore: async (event) => {
		const { paper } = await paperFor(event, 'version.restore');
		const data = await event.request.formData();
		const result = await attempt(event, data, () => restoreVersion(database().db, event.locals.actor, paper.id, event.params.versionId));
		if (!result.ok) return result.failure;
		const restored = await getVersion(database().db, event.locals.actor, paper.id, event.params.versionId);
		redirect(303, `/papers/${paper.id}?restored=${restored.number}&before=${result.value.before.number}`);
	}
};
