import type { Kysely } from 'kysely';
import type { DB } from '$server/db/schema';
import { listOrganisations } from '$server/organisations/organisations';
import { listCommittees } from '$server/committees/committees';

/** The organisations and committees the access fields offer. */
export async function accessOptions(db: Kysely<DB>) {
	const [organisations, committees] = await Promise.all([listOrganisations(db), listCommittees(db)]);
	return {
		organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
		committees: committees.map((c) => ({ id: c.id, name: c.name }))
	};
}
