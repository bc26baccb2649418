import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { findPerson, personAccess, setDisabled, setPersonAccess, updatePersonDetails } from '$server/people/people';
import { createPasswordReset } from '$server/auth/invitations';
import { authorize, requireActor } from '$lib/server/guard';
import { email, parseForm, text, type FormFailure } from '$lib/server/forms';
import { attempt } from '$lib/server/commands';
import { mailPasswordReset, publicOrigin } from '$lib/server/mails';
import { translate } from '$lib/i18n';
import { accessSchema, withOfficeRoles } from '../access';
import { accessOptions } from '../options';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'person.manage', null);
	const { db } = database();
	const person = await findPerson(db, event.params.id);
	if (!person) error(404, translate(event.locals.locale, 'error.notFound'));
	const [access, options] = await Promise.all([personAccess(db, person.id), accessOptions(db)]);
	return { person, access, ...options, isSelf: person.id === event.locals.actor?.id };
};

/** Several forms share the page: each failure says which one it belongs to. */
type Section = 'details' | 'access' | 'account' | 'reset';
function tagged<T extends FormFailure>(failure: { status: number; data: T }, section: Section) {
	return fail(failure.status, { ...failure.data, section });
}

const detailsSchema = z.object({ name: text(200), email: email() });

export const actions: Actions = {
	details: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'person.manage', null);
		const data = await event.request.formData();
		const parsed = parseForm(detailsSchema, data);
		if (!parsed.ok) return tagged(parsed.failure, 'details');
		const result = await attempt(event, data, () => updatePersonDetails(database().db, actor, event.params.id, parsed.data));
		if (!result.ok) return tagged(result.failure, 'details');
		return { saved: 'common.saved', section: 'details' as Section };
	},
	access: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'person.manage', null);
		const { db } = database();
		const data = await event.request.formData();
		const { committees } = await accessOptions(db);
		const parsed = parseForm(accessSchema(committees.map((c) => c.id)), data);
		if (!parsed.ok) return tagged(withOfficeRoles(parsed.failure, data), 'access');
		const result = await attempt(event, data, () => setPersonAccess(db, actor, event.params.id, parsed.data));
		if (!result.ok) return tagged(withOfficeRoles(result.failure, data), 'access');
		return { saved: 'admin.people.accessSaved', section: 'access' as Section };
	},
	disable: async (event) => setAccountState(event, true),
	enable: async (event) => setAccountState(event, false),
	reset: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'person.manage', null);
		const { db } = database();
		const data = await event.request.formData();
		const result = await attempt(event, data, () => createPasswordReset(db, actor, event.params.id));
		if (!result.ok) return tagged(result.failure, 'reset');
		const person = await findPerson(db, event.params.id);
		const link = `${publicOrigin(event.url)}/reset/${result.value.token}`;
		const mail = person ? await mailPasswordReset(person.email, { name: person.name, link, expiresAt: result.value.expiresAt }) : 'off';
		return { reset: { link, expiresAt: result.value.expiresAt.toISOString(), mail, email: person?.email ?? '' }, section: 'reset' as Section };
	}
};

async function setAccountState(event: Parameters<Actions[string]>[0], disabled: boolean) {
	const actor = requireActor(event);
	authorize(event, 'person.manage', null);
	const data = await event.request.formData();
	const result = await attempt(event, data, () => setDisabled(database().db, actor, event.params.id!, disabled));
	if (!result.ok) return tagged(result.failure, 'account');
	return { saved: disabled ? 'admin.people.disabledDone' : 'admin.people.enabledDone', section: 'account' as Section };
}
