// Builders for workflow and ballot tests: a committee with its people, voting organisations with
// representatives, papers in a given status, and ballot times moved with the database clock.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB, PaperStatus } from '../../server/db/schema.ts';
import type { Actor } from '../../server/people/actor.ts';
import { newCommittee, newOrganisation, newPerson } from './fixtures.ts';
import { openBallot, type OpenBallotInput } from '../../server/ballots/open.ts';
import { changePaper } from '../../server/collab/documents.ts';
import { writePaperContent } from '../../server/papers/document-content.ts';

/** Only the organisations a test makes have a vote (the seeded federation's 41 are set aside). */
export async function withoutSeededVoters(db: Kysely<DB>): Promise<void> {
	await db.updateTable('organisations').set({ voting_member: false }).execute();
}

export interface VotingOrganisation {
	id: string;
	name: string;
	representatives: Actor[];
}

export async function votingOrganisations(db: Kysely<DB>, count: number, representativesEach = 1): Promise<VotingOrganisation[]> {
	const out: VotingOrganisation[] = [];
	for (let i = 0; i < count; i++) {
		const org = await newOrganisation(db, { name: `Mitgliedsorganisation ${i + 1} ${randomBytes(2).toString('hex')}` });
		const representatives: Actor[] = [];
		for (let r = 0; r < representativesEach; r++) representatives.push(await newPerson(db, { organisationId: org.id, representative: true }));
		out.push({ id: org.id, name: org.name, representatives });
	}
	return out;
}

export async function workflowCast(db: Kysely<DB>) {
	const committee = await newCommittee(db);
	return {
		committee,
		chair: await newPerson(db, { committees: [{ committeeId: committee.id, role: 'chair' }] }),
		delegate: await newPerson(db, { committees: [{ committeeId: committee.id, role: 'delegate' }] }),
		policyOfficer: await newPerson(db, { officeRoles: ['policy_officer'] }),
		admin: await newPerson(db, { officeRoles: ['admin'] })
	};
}

/** A paper with a little text, put straight into the given status (test set-up, no workflow). */
export async function paperIn(db: Kysely<DB>, committeeId: string, status: PaperStatus = 'draft', title = `Papier ${randomBytes(3).toString('hex')}`): Promise<string> {
	const { id } = await db
		.insertInto('papers')
		.values({ committee_id: committeeId, title, type: 'position_paper', status, updated_at: new Date() })
		.returning('id')
		.executeTakeFirstOrThrow();
	await changePaper(id, (doc) =>
		writePaperContent(doc, { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `Wir fordern ${title}.` }] }] })
	);
	return id;
}

export const inSeconds = (s: number) => new Date(Date.now() + s * 1000);

/** Opens a ballot on a paper in finalisation (the policy officer's step). */
export async function ballotOn(db: Kysely<DB>, officer: Actor, paperId: string, input: Partial<OpenBallotInput> = {}) {
	return openBallot(db, officer, paperId, { closesAt: inSeconds(3600), ...input });
}

/** Moves a ballot's times relative to the database clock (seconds; negative: in the past). */
export async function setBallotTimes(db: Kysely<DB>, ballotId: string, t: { opensIn?: number; closesIn: number }): Promise<void> {
	const opensIn = t.opensIn ?? Math.min(-3600, t.closesIn - 3600);
	await sql`UPDATE ballots SET opens_at = now() + make_interval(secs => ${opensIn}), closes_at = now() + make_interval(secs => ${t.closesIn}) WHERE id = ${ballotId}`.execute(db);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
