import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { listPeople } from '$server/people/people';
import { listOpenInvitations, revokeInvitation } from '$server/auth/invitations';
import { authorize, requireActor } from '$lib/server/guard';
import { parseForm } from '$lib/server/forms';
import { attempt } from '$lib/server/commands';

const PAGE = 200;

export const load: PageServerLoad = async (event) => {
	authorize(event, 'person.manage', null);
	const { db } = database();
	const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const [people, invitations] = await Promise.all([listPeople(db, { search: q, limit: PAGE }), listOpenInvitations(db)]);
	return {
		q,
		people: people.map((p) => ({ ...p, office_roles: p.office_roles ? p.office_roles.split(',') : [] })),
		invitations,
		truncated: people.length === PAGE
	};
};

export const actions: Actions = {
	revoke: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'person.manage', null);
		const data = await event.request.formData();
		const parsed = parseForm(z.object({ invitationId: z.string().uuid() }), data);
		if (!parsed.ok) return parsed.failure;
		const result = await attempt(event, data, () => revokeInvitation(database().db, actor, parsed.data.invitationId));
		if (!result.ok) return result.failure;
		return { revoked: true };
	}
};
