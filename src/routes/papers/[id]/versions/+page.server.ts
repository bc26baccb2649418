import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { can } from '$server/policy';
import { createVersion, listVersions, MAX_NAME_LENGTH, MAX_NOTE_LENGTH } from '$server/versions/versions';
import { parseForm, text, optionalText } from '$lib/server/forms';
import { attempt } from '$lib/server/commands';
import { paperFor } from '$lib/server/versions';

export const load: PageServerLoad = async (event) => {
	const { paper, ref } = await paperFor(event, 'version.list');
	const named = event.url.searchParams.get('named') === '1';
	const actor = event.locals.actor;
	return {
		paper,
		named,
		versions: await listVersions(database().db, actor, paper.id, { named }),
		canCreate: can(actor, 'version.create', ref)
	};
};

const saveSchema = z.object({ name: text(MAX_NAME_LENGTH), note: optionalText(MAX_NOTE_LENGTH) });

export const actions: Actions = {
	save: async (event) => {
		const { paper } = await paperFor(event, 'version.create');
		const data = await event.request.formData();
		const parsed = parseForm(saveSchema, data);
		if (!parsed.ok) return parsed.failure;
		const result = await attempt(event, data, () => createVersion(database().db, event.locals.actor, paper.id, parsed.data));
		if (!result.ok) return result.failure;
		return { saved: { number: result.value.number, name: parsed.data.name, created: result.value.created } };
	}
};
