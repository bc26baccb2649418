import type { LayoutServerLoad } from './$types';
import { abilities } from '$server/policy';
import { database } from '$server/db';
import { unreadCount } from '$server/notifications/notifications';

export const load: LayoutServerLoad = async ({ locals, depends }) => {
	const actor = locals.actor;
	// The bell asks again now and then (invalidate('app:notifications')).
	depends('app:notifications');
	return {
		locale: locals.locale,
		unreadNotifications: actor ? await unreadCount(database().db, actor.id) : 0,
		me: actor
			? { id: actor.id, name: actor.name, email: actor.email, officeRoles: [...actor.officeRoles], represents: [...actor.represents] }
			: null,
		can: abilities(actor, { 'admin.access': null, 'committee.list': null, 'paper.list': null, 'ballot.list': null })
	};
};
