// Ballots: for a representative, "to decide" (the running ballots of their organisation, and
// whether and how it voted); for the office, every ballot with its participation.
import type { PageServerLoad } from './$types';
import { database } from '$server/db';
import { listBallots, votingOrganisation } from '$server/ballots/ballots';
import { authorize, requireActor } from '$lib/server/guard';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	authorize(event, 'ballot.list', null);
	const { db } = database();
	const all = await listBallots(db, actor);
	const organisationId = votingOrganisation(actor);
	const organisation = organisationId ? await db.selectFrom('organisations').select(['id', 'name']).where('id', '=', organisationId).executeTakeFirst() : undefined;
	const running = all.filter((b) => b.status === 'open' || b.status === 'scheduled');
	return {
		organisation: organisation ?? null,
		office: actor.officeRoles.size > 0,
		toDecide: running.filter((b) => b.ownEligible),
		running,
		closed: all.filter((b) => b.status === 'closed' || b.status === 'cancelled').sort((a, b) => b.closesAt.getTime() - a.closesAt.getTime())
	};
};
