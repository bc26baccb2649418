import type { LayoutServerLoad } from './$types';
import { abilities } from '$server/policy';

export const load: LayoutServerLoad = async ({ locals }) => {
	const actor = locals.actor;
	return {
		locale: locals.locale,
		me: actor
			? { id: actor.id, name: actor.name, email: actor.email, officeRoles: [...actor.officeRoles], represents: [...actor.represents] }
			: null,
		can: abilities(actor, { 'admin.access': null, 'committee.list': null, 'paper.list': null, 'ballot.list': null })
	};
};
