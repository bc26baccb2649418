// Opening scheduled ballots and closing due ones, computed from stored times and the database
// clock, so a restart never misses or repeats one. Closing happens exactly once: the ballot row
// is locked and must still be running and past its deadline; a second closer (another timer,
// another process) finds it closed and does nothing.
import { sql, type Kysely } from 'kysely';
import type { DB, PaperStatus } from '../db/schema.ts';
import { audit } from '../audit.ts';
import { computeResult, type BallotResult, type CountedVote } from './result.ts';
import { changeStatus, recordTransition } from '../workflow/transitions.ts';
import { rightsChanged } from '../workflow/rights.ts';

/** Marks scheduled ballots whose opening time has come as open; returns their ids. */
export async function openDueBallots(db: Kysely<DB>): Promise<string[]> {
	const rows = await db
		.updateTable('ballots')
		.set({ status: 'open' })
		.where('status', '=', 'scheduled')
		.where(sql<boolean>`opens_at <= now()`)
		.where(sql<boolean>`now() < closes_at`)
		.returning('id')
		.execute();
	return rows.map((r) => r.id);
}

export interface Closed {
	ballotId: string;
	paperId: string;
	result: BallotResult;
}

/**
 * Closes one ballot if its deadline has passed, computing the result from the stored votes.
 * Returns null when there was nothing to close (not due, or closed already by someone else).
 */
export async function closeBallot(db: Kysely<DB>, ballotId: string): Promise<Closed | null> {
	const closed = await db.transaction().execute(async (trx) => {
		// The paper row first, then the ballot: the order a workflow step (archiving) takes them,
		// so a closing and an archiving at the same moment wait for each other, never deadlock.
		await sql`SELECT p.id FROM papers p JOIN ballots b ON b.paper_id = p.id WHERE b.id = ${ballotId} FOR UPDATE OF p`.execute(trx);
		// FOR UPDATE waits for votes in flight (they hold FOR SHARE) and then rechecks the row:
		// closed meanwhile, or deadline extended, means nothing to do.
		const locked = await sql<{ id: string; paper_id: string; version_id: string; quorum: number; majority: 'simple' | 'two_thirds' }>`
			SELECT id, paper_id, version_id, quorum::float8 AS quorum, majority FROM ballots
			WHERE id = ${ballotId} AND status IN ('scheduled', 'open') AND closes_at <= now()
			FOR UPDATE`.execute(trx);
		const ballot = locked.rows[0];
		if (!ballot) return null;
		// A new statement, a new snapshot: it sees every vote committed before the lock was ours.
		const votes = await trx
			.selectFrom('ballot_votes as v')
			.innerJoin('organisations as o', 'o.id', 'v.organisation_id')
			.select(['v.organisation_id', 'o.name', 'v.choice', 'v.statement'])
			.where('v.ballot_id', '=', ballotId)
			.execute();
		const eligible = await trx
			.selectFrom('ballot_eligible_organisations')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('ballot_id', '=', ballotId)
			.executeTakeFirstOrThrow();
		const counted: CountedVote[] = votes.map((v) => ({ organisationId: v.organisation_id, organisationName: v.name, choice: v.choice, statement: v.statement }));
		const result = computeResult({ eligible: Number(eligible.n), quorum: Number(ballot.quorum), majority: ballot.majority, votes: counted });
		await trx
			.updateTable('ballots')
			.set({ status: 'closed', closed_at: sql<Date>`now()`, result: JSON.stringify(result) })
			.where('id', '=', ballotId)
			.execute();
		const to: PaperStatus = result.outcome;
		// The paper is in 'ballot' unless it was archived meanwhile (archiving cancels its ballot,
		// so this is a safeguard): then the result is kept and the paper left where it is.
		if (await changeStatus(trx, ballot.paper_id, 'ballot', to)) {
			await recordTransition(trx, { paperId: ballot.paper_id, from: 'ballot', to, actorId: null, versionId: ballot.version_id });
		}
		await audit(trx, {
			actorId: null,
			action: 'ballot.close',
			objectType: 'ballot',
			objectId: ballotId,
			details: { paperId: ballot.paper_id, outcome: result.outcome, voted: result.voted, eligible: result.eligible, tally: result.tally }
		});
		return { ballotId, paperId: ballot.paper_id, result };
	});
	if (closed) rightsChanged(closed.paperId);
	return closed;
}

/** Closes every ballot whose deadline has passed; returns what it closed. */
export async function closeDueBallots(db: Kysely<DB>): Promise<Closed[]> {
	const due = await db
		.selectFrom('ballots')
		.select('id')
		.where('status', 'in', ['scheduled', 'open'])
		.where(sql<boolean>`closes_at <= now()`)
		.orderBy('closes_at')
		.execute();
	const out: Closed[] = [];
	for (const { id } of due) {
		const c = await closeBallot(db, id);
		if (c) out.push(c);
	}
	return out;
}

/** Milliseconds until the next ballot event (opening, deadline, reminder mark), by the database clock. */
export async function msUntilNextEvent(db: Kysely<DB>): Promise<number | null> {
	const row = await sql<{ seconds: number | null }>`
		SELECT extract(epoch from (min(t) - now()))::float8 AS seconds FROM (
			SELECT opens_at AS t FROM ballots WHERE status = 'scheduled'
			UNION ALL SELECT closes_at FROM ballots WHERE status IN ('scheduled', 'open')
			UNION ALL SELECT closes_at - interval '48 hours' FROM ballots WHERE status IN ('scheduled', 'open') AND closes_at - interval '48 hours' > now()
			UNION ALL SELECT closes_at - interval '24 hours' FROM ballots WHERE status IN ('scheduled', 'open') AND closes_at - interval '24 hours' > now()
		) events`.execute(db);
	const s = row.rows[0]?.seconds;
	return s === null || s === undefined ? null : Math.max(0, Number(s) * 1000);
}
