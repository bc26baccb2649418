import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { createInvitation, InvitationError } from '$server/auth/invitations';
import { FieldError } from '$server/errors';
import { authorize, requireActor } from '$lib/server/guard';
import { email, parseForm, text } from '$lib/server/forms';
import { attempt } from '$lib/server/commands';
import { mailInvitation, publicOrigin } from '$lib/server/mails';
import { accessShape, toAccess, withOfficeRoles } from '../access';
import { accessOptions } from '../options';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'person.manage', null);
	return accessOptions(database().db);
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'person.manage', null);
		const { db } = database();
		const data = await event.request.formData();
		const { committees } = await accessOptions(db);
		const ids = committees.map((c) => c.id);
		const schema = z.object({ email: email(), name: text(200), ...accessShape(ids) }).transform((v) => ({ address: v.email, name: v.name, access: toAccess(v, ids) }));
		const parsed = parseForm(schema, data);
		if (!parsed.ok) return withOfficeRoles(parsed.failure, data);
		const { address, name, access } = parsed.data;
		const result = await attempt(event, data, () =>
			createInvitation(db, actor, { email: address, name, organisationId: access.organisationId, grants: access }).catch((err) => {
				if (err instanceof InvitationError && err.code === 'email_taken') throw new FieldError('email', 'admin.people.emailTaken');
				throw err;
			})
		);
		if (!result.ok) return withOfficeRoles(result.failure, data);
		const link = `${publicOrigin(event.url)}/invite/${result.value.token}`;
		const mail = await mailInvitation(address, { name, link, expiresAt: result.value.expiresAt });
		return { invited: { email: address, link, expiresAt: result.value.expiresAt.toISOString(), mail } };
	}
};
