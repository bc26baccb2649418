// Votes under concurrency. On PostgreSQL the requests truly run at once (a pool of connections);
// PGlite serialises them, so there the tests show the outcome, not the race.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { TestDatabase } from './helpers/db.ts';
import { closeCollabDatabase, useCollabDatabase } from './collab/helpers.ts';
import { ballotOn, paperIn, setBallotTimes, sleep, votingOrganisations, withoutSeededVoters, workflowCast, type VotingOrganisation } from './helpers/workflow.ts';
import { castVote, VoteRefused } from '../server/ballots/votes.ts';
import { findBallot, voteLog } from '../server/ballots/ballots.ts';
import { closeBallot } from '../server/ballots/closing.ts';
import type { DB, VoteChoice } from '../server/db/schema.ts';
import type { BallotResult } from '../server/ballots/result.ts';

const onPostgres = !!process.env.DATABASE_URL;
const CHOICES: VoteChoice[] = ['endorse', 'abstain', 'reject'];

let handle: TestDatabase;
let people: Awaited<ReturnType<typeof workflowCast>>;
let orgs: VotingOrganisation[];

beforeAll(async () => {
	handle = await useCollabDatabase();
	await withoutSeededVoters(handle.db);
	people = await workflowCast(handle.db);
	orgs = await votingOrganisations(handle.db, 1, 5);
	orgs.push(...(await votingOrganisations(handle.db, 15, 1)));
});
afterAll(() => closeCollabDatabase(handle));

async function newBallot() {
	const paperId = await paperIn(handle.db, people.committee.id, 'finalisation');
	return (await ballotOn(handle.db, people.policyOfficer, paperId)).ballotId;
}

describe('50 parallel votes for one organisation', () => {
	it('end with exactly one current vote and one record entry per successful request; none fails', async () => {
		const { db } = handle;
		const ballotId = await newBallot();
		const org = orgs[0];
		const requests = Array.from({ length: 50 }, (_, i) =>
			castVote(db, org.representatives[i % org.representatives.length], ballotId, { choice: CHOICES[i % 3], statement: `Anfrage ${i}` })
		);
		const settled = await Promise.allSettled(requests);
		const failed = settled.filter((s) => s.status === 'rejected');
		expect(failed.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);

		const current = await db.selectFrom('ballot_votes').selectAll().where('ballot_id', '=', ballotId).execute();
		expect(current).toHaveLength(1);
		const log = await voteLog(db, ballotId);
		expect(log).toHaveLength(50);
		// Serialised per organisation: each entry replaced the one before it, and the current vote
		// is the last one recorded.
		expect(log[0].previous_choice).toBeNull();
		for (let i = 1; i < log.length; i++) expect(log[i].previous_choice).toBe(log[i - 1].choice);
		expect(current[0].choice).toBe(log.at(-1)!.choice);
		expect(current[0].statement).toBe(log.at(-1)!.statement);
		expect((await findBallot(db, ballotId))!.voted).toBe(1);
	});
});

/** The obvious way, and wrong under concurrency: look whether a vote exists, then insert or update. */
async function naiveCast(db: Kysely<DB>, table: 'ballot_votes' | 'naive_votes', ballotId: string, organisationId: string, personId: string, choice: VoteChoice) {
	await db.transaction().execute(async (trx) => {
		const existing = await sql`SELECT 1 FROM ${sql.table(table)} WHERE ballot_id = ${ballotId} AND organisation_id = ${organisationId}`.execute(trx);
		if (existing.rows.length) {
			await sql`UPDATE ${sql.table(table)} SET choice = ${choice}, cast_by = ${personId}, cast_at = now() WHERE ballot_id = ${ballotId} AND organisation_id = ${organisationId}`.execute(trx);
		} else {
			await sql`INSERT INTO ${sql.table(table)} (ballot_id, organisation_id, choice, cast_by, cast_at) VALUES (${ballotId}, ${organisationId}, ${choice}, ${personId}, now())`.execute(trx);
		}
	});
}

describe.skipIf(!onPostgres)('a naive check-then-insert (PostgreSQL: truly concurrent)', () => {
	it('fails the same test: server errors with the key in place, duplicate votes without it', async () => {
		const { db } = handle;
		await sql`CREATE TABLE naive_votes (ballot_id uuid, organisation_id uuid, choice text, cast_by uuid, cast_at timestamptz)`.execute(db);
		const org = orgs[0];
		let serverErrors = 0;
		let duplicates = 0;
		// A race shows itself almost always in the first round; a few rounds make the test certain.
		for (let round = 0; round < 5 && (serverErrors === 0 || duplicates === 0); round++) {
			const ballotId = await newBallot();
			const withKey = await Promise.allSettled(
				Array.from({ length: 50 }, (_, i) => naiveCast(db, 'ballot_votes', ballotId, org.id, org.representatives[i % 5].id, CHOICES[i % 3]))
			);
			serverErrors += withKey.filter((s) => s.status === 'rejected' && (s.reason as { code?: string }).code === '23505').length;
			await Promise.allSettled(Array.from({ length: 50 }, (_, i) => naiveCast(db, 'naive_votes', ballotId, org.id, org.representatives[i % 5].id, CHOICES[i % 3])));
			const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM naive_votes WHERE ballot_id = ${ballotId}`.execute(db);
			duplicates += rows.rows[0].n - 1;
		}
		// With the unique key, the naive code turns the race into unique violations (a 500 each);
		// without it, one organisation ends with several "current" votes.
		expect(serverErrors).toBeGreaterThan(0);
		expect(duplicates).toBeGreaterThan(0);
	});
});

describe('closing races last-second votes', () => {
	it('counts every stored vote exactly once and refuses every later one', async () => {
		const { db } = handle;
		const ballotId = await newBallot();
		await setBallotTimes(db, ballotId, { closesIn: 1.5 });
		const accepted: { organisationId: string; choice: VoteChoice }[] = [];
		const refused: VoteRefused[] = [];
		const others: unknown[] = [];
		let closedAt = 0;
		const voters = orgs.map(async (org, i) => {
			// Each organisation votes again and again until the ballot refuses it.
			for (let n = 0; ; n++) {
				try {
					const out = await castVote(db, org.representatives[0], ballotId, { choice: CHOICES[(i + n) % 3] });
					accepted.push({ organisationId: out.organisationId, choice: out.choice });
				} catch (err) {
					if (err instanceof VoteRefused) refused.push(err);
					else others.push(err);
					return;
				}
				await sleep(10 + (i % 7) * 5);
			}
		});
		const closer = (async () => {
			for (;;) {
				// two closers at once, like two processes: exactly one may win
				const attempts = await Promise.all([closeBallot(db, ballotId), closeBallot(db, ballotId)]);
				if (attempts.some(Boolean)) {
					closedAt = Date.now();
					return attempts.filter(Boolean).length;
				}
				await sleep(5);
			}
		})();
		const [wins] = await Promise.all([closer, ...voters]);
		expect(wins).toBe(1);
		expect(others).toEqual([]);
		expect(refused.length).toBe(orgs.length);
		expect(new Set(refused.map((r) => r.key))).toEqual(new Set(['ballot.error.closed']));
		expect(closedAt).toBeGreaterThan(0);

		const ballot = (await findBallot(db, ballotId))!;
		const result = ballot.result as BallotResult;
		const stored = await db.selectFrom('ballot_votes').select(['organisation_id', 'choice']).where('ballot_id', '=', ballotId).execute();
		const log = await voteLog(db, ballotId);
		// every accepted request is recorded once, and the result counts exactly the stored votes
		expect(log).toHaveLength(accepted.length);
		expect(result.voted).toBe(stored.length);
		const lastAccepted = new Map(accepted.map((a) => [a.organisationId, a.choice]));
		expect(new Map(result.votes.map((v) => [v.organisationId, v.choice]))).toEqual(lastAccepted);
		expect(new Map(stored.map((s) => [s.organisation_id, s.choice]))).toEqual(lastAccepted);
		expect(result.tally.endorse + result.tally.abstain + result.tally.reject).toBe(stored.length);
		expect(await db.selectFrom('audit_log').select('id').where('object_id', '=', ballotId).where('action', '=', 'ballot.close').execute()).toHaveLength(1);
	});
});
