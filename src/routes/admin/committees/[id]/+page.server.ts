import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { committeeMembers, findCommittee, setCommitteeMember, updateCommittee } from '$server/committees/committees';
import { findPerson, listPeople } from '$server/people/people';
import { authorize, requireActor } from '$lib/server/guard';
import { parseForm } from '$lib/server/forms';
import { attempt } from '$lib/server/commands';
import { translate } from '$lib/i18n';
import { committeeSchema, memberSchema } from '../schema';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'committee.manage', null);
	const { db } = database();
	const committee = await findCommittee(db, event.params.id);
	if (!committee) error(404, translate(event.locals.locale, 'error.notFound'));
	const [members, everyone] = await Promise.all([committeeMembers(db, committee.id), listPeople(db, { limit: 5000 })]);
	const memberIds = new Set(members.map((m) => m.id));
	return {
		committee,
		members,
		candidates: everyone.filter((p) => !memberIds.has(p.id) && !p.disabled_at).map((p) => ({ id: p.id, name: p.name, organisation: p.organisation_name })),
		created: event.url.searchParams.has('created')
	};
};

const removeSchema = z.object({ personId: z.string().uuid() });

async function personName(id: string) {
	return (await findPerson(database().db, id))?.name ?? '';
}

export const actions: Actions = {
	update: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'committee.manage', null);
		const data = await event.request.formData();
		const parsed = parseForm(committeeSchema, data);
		if (!parsed.ok) return parsed.failure;
		const result = await attempt(event, data, () => updateCommittee(database().db, actor, event.params.id, parsed.data));
		if (!result.ok) return result.failure;
		return { done: 'common.saved', name: '', role: '' };
	},
	add: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'committee.manage', null);
		const data = await event.request.formData();
		const parsed = parseForm(memberSchema, data);
		if (!parsed.ok) return parsed.failure;
		const { personId, role } = parsed.data;
		const result = await attempt(event, data, () => setCommitteeMember(database().db, actor, event.params.id, personId, role));
		if (!result.ok) return result.failure;
		return { done: 'admin.committees.memberAdded', name: await personName(personId), role: `role.${role}` };
	},
	setRole: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'committee.manage', null);
		const data = await event.request.formData();
		const parsed = parseForm(memberSchema, data);
		if (!parsed.ok) return parsed.failure;
		const { personId, role } = parsed.data;
		const result = await attempt(event, data, () => setCommitteeMember(database().db, actor, event.params.id, personId, role));
		if (!result.ok) return result.failure;
		return { done: 'admin.committees.roleChanged', name: await personName(personId), role: `role.${role}` };
	},
	remove: async (event) => {
		const actor = requireActor(event);
		authorize(event, 'committee.manage', null);
		const data = await event.request.formData();
		const parsed = parseForm(removeSchema, data);
		if (!parsed.ok) return parsed.failure;
		const { personId } = parsed.data;
		const result = await attempt(event, data, () => setCommitteeMember(database().db, actor, event.params.id, personId, null));
		if (!result.ok) return result.failure;
		return { done: 'admin.committees.memberRemoved', name: await personName(personId), role: '' };
	}
};
