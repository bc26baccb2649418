// Seed data. The federation, its committees and member organisations come from a JSON file
// (BKMO's by default) and are seeded on every start, idempotently. Demo accounts are only for
// development and tests: a production start never calls seedDemo.
import { sql, type Kysely } from 'kysely';
import type { DB, OrganisationKind } from '../db/schema.ts';
import bkmo from './bkmo-seed.json' with { type: 'json' };
import { hashPassword } from '../auth/password.ts';
import { grantRoles } from '../people/people.ts';
import { seedDemoPapers } from './demo-papers.ts';

export interface FederationSeed {
	federation: { name: string; shortName: string; address?: string };
	committees: { name: string; description: string }[];
	memberOrganisations: { name: string; shortName: string | null; votingMember: boolean }[];
}

export const defaultSeed: FederationSeed = bkmo;

/** A guess from the name; admins correct it. */
export function organisationKind(name: string): OrganisationKind {
	if (/dachverband|bundeskonferenz|föderation|federation/i.test(name)) return 'umbrella';
	if (/netzwerk|network|verbund/i.test(name)) return 'network';
	if (/bundes|deutschland|in deutschland/i.test(name)) return 'federal';
	if (/landes|niedersachsen|bayern|sachsen|berlin|hessen|nrw|nordrhein|ostdeutschland/i.test(name)) return 'state';
	return 'other';
}

export async function seedFederation(db: Kysely<DB>, seed: FederationSeed = defaultSeed): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('federation')
			.values({ name: seed.federation.name, short_name: seed.federation.shortName, address: seed.federation.address ?? '' })
			.onConflict((oc) => oc.column('id').doNothing())
			.execute();
		for (const c of seed.committees) {
			await trx.insertInto('committees').values(c).onConflict((oc) => oc.column('name').doNothing()).execute();
		}
		for (const o of seed.memberOrganisations) {
			await trx
				.insertInto('organisations')
				.values({ name: o.name, short_name: o.shortName, voting_member: o.votingMember, kind: organisationKind(o.name) })
				.onConflict((oc) => oc.column('name').doNothing())
				.execute();
		}
	});
}

export const DEMO_PASSWORD = 'mitsprache-demo';
export const DEMO_DOMAIN = 'mitsprache.test';

/** Short names for the demo e-mail addresses, in the order of the seed's committees. */
const COMMITTEE_KEYS = ['empowerment', 'bildung', 'teilhabe', 'arbeit'];

export interface DemoAccount {
	email: string;
	name: string;
	role: string;
}

/** Demo people for every role, all with the password `mitsprache-demo`. Idempotent. */
export async function seedDemo(db: Kysely<DB>): Promise<DemoAccount[]> {
	const hash = await hashPassword(DEMO_PASSWORD);
	const committees = await db.selectFrom('committees').select(['id', 'name']).orderBy('created_at').orderBy('name').execute();
	const orgs = await db.selectFrom('organisations').select(['id', 'name']).where('voting_member', '=', true).orderBy('name').execute();
	const accounts: DemoAccount[] = [];
	let orgIndex = 0;
	const nextOrg = () => orgs[orgIndex++ % orgs.length]?.id ?? null;

	async function person(email: string, name: string, role: string, organisationId: string | null, grants: Parameters<typeof grantRoles>[3]) {
		const existing = await db.selectFrom('people').select('id').where(sql`lower(email)`, '=', email).executeTakeFirst();
		const id =
			existing?.id ??
			(await db
				.insertInto('people')
				.values({ name, email, password_hash: hash, organisation_id: organisationId })
				.returning('id')
				.executeTakeFirstOrThrow()).id;
		if (!existing) await grantRoles(db, id, organisationId, grants);
		accounts.push({ email, name, role });
	}
	const none = { officeRoles: [], committees: [], representative: false };

	await person(`admin@${DEMO_DOMAIN}`, 'Aylin Admin', 'admin', null, { ...none, officeRoles: ['admin'] });
	await person(`referentin@${DEMO_DOMAIN}`, 'Rana Referentin', 'policy officer', null, { ...none, officeRoles: ['policy_officer'] });
	const demoCommittees: Parameters<typeof seedDemoPapers>[1] = [];
	const seedCommittees = new Map(defaultSeed.committees.map((c, i) => [c.name, COMMITTEE_KEYS[i]]));
	for (const [i, c] of committees.entries()) {
		const key = seedCommittees.get(c.name) ?? `ausschuss${i + 1}`;
		demoCommittees.push({ ...c, key, authorEmail: `vorsitz.${key}@${DEMO_DOMAIN}` });
		await person(`vorsitz.${key}@${DEMO_DOMAIN}`, `Vorsitz ${c.name.split(/[ ,]/)[0]}`, `chair: ${c.name}`, nextOrg(), {
			...none,
			committees: [{ committeeId: c.id, role: 'chair' }]
		});
		for (const n of [1, 2]) {
			await person(`delegiert${n}.${key}@${DEMO_DOMAIN}`, `Delegierte ${n} ${c.name.split(/[ ,]/)[0]}`, `delegate: ${c.name}`, nextOrg(), {
				...none,
				committees: [{ committeeId: c.id, role: 'delegate' }]
			});
		}
	}
	for (const n of [1, 2, 3, 4, 5, 6]) {
		const org = orgs[(n * 5) % orgs.length];
		await person(`vertretung${n}@${DEMO_DOMAIN}`, `Vertretung ${n}`, `representative: ${org.name}`, org.id, { ...none, representative: true });
	}
	await person(`mitglied@${DEMO_DOMAIN}`, 'Mika Mitglied', 'member', nextOrg(), none);
	await seedDemoPapers(db, demoCommittees);
	return accounts;
}
