// Ballots: the queries in one place, and the changes a ballot allows after opening (only its
// deadline, extended before it passes, with a reason). Opening is a workflow step (open.ts),
// casting votes is votes.ts, closing is closing.ts.
import { sql, type Kysely } from 'kysely';
import type { BallotMajority, BallotStatus, DB, PaperStatus, VoteChoice } from '../db/schema.ts';
import { authorize, can, type BallotRef } from '../policy.ts';
import type { Actor } from '../people/actor.ts';
import { audit } from '../audit.ts';
import { FieldError, NotFoundError } from '../errors.ts';
import { isUuid } from '../committees/committees.ts';
import { requiredForQuorum, type BallotResult } from './result.ts';

export interface Ballot {
	id: string;
	paperId: string;
	paperTitle: string;
	paperType: string;
	paperStatus: PaperStatus;
	committeeId: string;
	committeeName: string;
	versionId: string;
	opensAt: Date;
	closesAt: Date;
	quorum: number;
	majority: BallotMajority;
	votesPublicWhileOpen: boolean;
	status: BallotStatus;
	closedAt: Date | null;
	result: BallotResult | null;
	createdBy: string | null;
	createdAt: Date;
	/** the ballot accepts votes now, by the database clock */
	acceptingVotes: boolean;
	/** seconds until the deadline by the database clock (negative once passed) */
	secondsLeft: number;
	eligible: number;
	voted: number;
	required: number;
}

// Every read of a ballot computes "open now" and "time left" with the database clock, the same
// clock that decides whether a vote is stored, so the page never promises what the vote refuses.
function ballotQuery(db: Kysely<DB>) {
	return db
		.selectFrom('ballots as b')
		.innerJoin('papers as p', 'p.id', 'b.paper_id')
		.innerJoin('committees as c', 'c.id', 'p.committee_id')
		.select([
			'b.id',
			'b.paper_id',
			'p.title as paper_title',
			'p.type as paper_type',
			'p.status as paper_status',
			'p.committee_id',
			'c.name as committee_name',
			'b.version_id',
			'b.opens_at',
			'b.closes_at',
			sql<number>`b.quorum::float8`.as('quorum'),
			'b.majority',
			'b.votes_public_while_open',
			'b.status',
			'b.closed_at',
			'b.result',
			'b.created_by',
			'b.created_at',
			sql<boolean>`b.status IN ('scheduled','open') AND b.opens_at <= now() AND now() < b.closes_at`.as('accepting'),
			sql<number>`extract(epoch from (b.closes_at - now()))::float8`.as('seconds_left'),
			sql<number>`(select count(*) from ballot_eligible_organisations e where e.ballot_id = b.id)`.as('eligible'),
			sql<number>`(select count(*) from ballot_votes v where v.ballot_id = b.id)`.as('voted')
		]);
}

type BallotRow = Awaited<ReturnType<ReturnType<typeof ballotQuery>['executeTakeFirstOrThrow']>>;

function toBallot(r: BallotRow): Ballot {
	const quorum = Number(r.quorum);
	const eligible = Number(r.eligible);
	return {
		id: r.id,
		paperId: r.paper_id,
		paperTitle: r.paper_title,
		paperType: r.paper_type,
		paperStatus: r.paper_status,
		committeeId: r.committee_id,
		committeeName: r.committee_name,
		versionId: r.version_id,
		opensAt: new Date(r.opens_at),
		closesAt: new Date(r.closes_at),
		quorum,
		majority: r.majority,
		votesPublicWhileOpen: r.votes_public_while_open,
		status: r.status,
		closedAt: r.closed_at ? new Date(r.closed_at) : null,
		result: (r.result as BallotResult | null) ?? null,
		createdBy: r.created_by,
		createdAt: new Date(r.created_at),
		acceptingVotes: !!r.accepting,
		secondsLeft: Number(r.seconds_left),
		eligible,
		voted: Number(r.voted),
		required: requiredForQuorum(eligible, quorum)
	};
}

export async function findBallot(db: Kysely<DB>, ballotId: string): Promise<Ballot | undefined> {
	if (!isUuid(ballotId)) return undefined;
	const row = await ballotQuery(db).where('b.id', '=', ballotId).executeTakeFirst();
	return row && toBallot(row);
}

/** The paper's ballots, newest first (a paper sent back to draft may be voted on again). */
export async function ballotsOfPaper(db: Kysely<DB>, paperId: string): Promise<Ballot[]> {
	if (!isUuid(paperId)) return [];
	const rows = await ballotQuery(db).where('b.paper_id', '=', paperId).orderBy('b.created_at', 'desc').execute();
	return rows.map(toBallot);
}

export function refOf(b: Ballot): BallotRef {
	return {
		id: b.id,
		paper: { id: b.paperId, committeeId: b.committeeId, status: b.paperStatus },
		status: b.status,
		votesPublicWhileOpen: b.votesPublicWhileOpen
	};
}

/** The organisation whose vote this person casts: a person belongs to at most one. */
export function votingOrganisation(actor: Actor | null | undefined): string | null {
	if (!actor) return null;
	if (actor.organisationId && actor.represents.has(actor.organisationId)) return actor.organisationId;
	return actor.represents.values().next().value ?? null;
}

export interface OwnVote {
	choice: VoteChoice;
	statement: string;
	castAt: Date;
	castByName: string | null;
}

export async function voteOf(db: Kysely<DB>, ballotId: string, organisationId: string): Promise<OwnVote | null> {
	const row = await db
		.selectFrom('ballot_votes as v')
		.leftJoin('people as p', 'p.id', 'v.cast_by')
		.select(['v.choice', 'v.statement', 'v.cast_at', 'p.name'])
		.where('v.ballot_id', '=', ballotId)
		.where('v.organisation_id', '=', organisationId)
		.executeTakeFirst();
	return row ? { choice: row.choice, statement: row.statement, castAt: new Date(row.cast_at), castByName: row.name } : null;
}

export async function isEligible(db: Kysely<DB>, ballotId: string, organisationId: string): Promise<boolean> {
	const row = await db
		.selectFrom('ballot_eligible_organisations')
		.select('organisation_id')
		.where('ballot_id', '=', ballotId)
		.where('organisation_id', '=', organisationId)
		.executeTakeFirst();
	return !!row;
}

/** The eligible organisations with whether (and, when allowed, how) each voted. */
export async function participation(db: Kysely<DB>, ballotId: string, withChoices: boolean) {
	const rows = await db
		.selectFrom('ballot_eligible_organisations as e')
		.innerJoin('organisations as o', 'o.id', 'e.organisation_id')
		.leftJoin('ballot_votes as v', (j) => j.onRef('v.ballot_id', '=', 'e.ballot_id').onRef('v.organisation_id', '=', 'e.organisation_id'))
		.select(['o.id', 'o.name', 'o.short_name', 'v.choice', 'v.statement', 'v.cast_at'])
		.where('e.ballot_id', '=', ballotId)
		.orderBy('o.name')
		.execute();
	return rows.map((r) => ({
		organisationId: r.id,
		name: r.name,
		shortName: r.short_name,
		voted: r.choice !== null,
		choice: withChoices ? r.choice : null,
		statement: withChoices ? (r.statement ?? '') : '',
		castAt: withChoices && r.cast_at ? new Date(r.cast_at) : null
	}));
}

/** The record of every cast and change, oldest first (for the office and the audit). */
export async function voteLog(db: Kysely<DB>, ballotId: string) {
	return db
		.selectFrom('ballot_vote_log as l')
		.innerJoin('organisations as o', 'o.id', 'l.organisation_id')
		.leftJoin('people as p', 'p.id', 'l.cast_by')
		.select(['l.id', 'l.choice', 'l.previous_choice', 'l.statement', 'l.cast_at', 'o.name as organisation_name', 'p.name as person_name'])
		.where('l.ballot_id', '=', ballotId)
		.orderBy('l.id')
		.execute();
}

export async function deadlineExtensions(db: Kysely<DB>, ballotId: string) {
	return db
		.selectFrom('ballot_deadline_extensions as x')
		.leftJoin('people as p', 'p.id', 'x.extended_by')
		.select(['x.id', 'x.previous_closes_at', 'x.new_closes_at', 'x.reason', 'x.at', 'p.name as person_name'])
		.where('x.ballot_id', '=', ballotId)
		.orderBy('x.id')
		.execute();
}

export interface BallotListItem extends Ballot {
	/** the actor's organisation's vote, when the actor represents an eligible organisation */
	ownVote: VoteChoice | null;
	ownEligible: boolean;
}

/**
 * The "to decide" list: for a representative, the running and recent ballots of their
 * organisation; for the office, every ballot. Newest deadline first among the closed.
 */
export async function listBallots(db: Kysely<DB>, actor: Actor, opts: { running?: boolean; limit?: number } = {}): Promise<BallotListItem[]> {
	authorize(actor, 'ballot.list', null);
	const org = votingOrganisation(actor);
	const office = actor.officeRoles.size > 0;
	const rows = await ballotQuery(db)
		.$if(!office, (q) =>
			q.where((eb) => eb.exists(eb.selectFrom('ballot_eligible_organisations as e').select('e.ballot_id').whereRef('e.ballot_id', '=', 'b.id').where('e.organisation_id', '=', org ?? '00000000-0000-0000-0000-000000000000')))
		)
		.$if(opts.running === true, (q) => q.where('b.status', 'in', ['scheduled', 'open']))
		.$if(opts.running === false, (q) => q.where('b.status', 'in', ['closed', 'cancelled']))
		.orderBy(sql`b.status in ('scheduled','open')`, 'desc')
		.orderBy('b.closes_at', 'asc')
		.limit(opts.limit ?? 200)
		.execute();
	const ballots = rows.map(toBallot).filter((b) => can(actor, 'ballot.read', refOf(b)));
	const own = org
		? await db
				.selectFrom('ballot_eligible_organisations as e')
				.leftJoin('ballot_votes as v', (j) => j.onRef('v.ballot_id', '=', 'e.ballot_id').onRef('v.organisation_id', '=', 'e.organisation_id'))
				.select(['e.ballot_id', 'v.choice'])
				.where('e.organisation_id', '=', org)
				.where('e.ballot_id', 'in', ballots.length ? ballots.map((b) => b.id) : ['00000000-0000-0000-0000-000000000000'])
				.execute()
		: [];
	const byBallot = new Map(own.map((o) => [o.ballot_id, o.choice]));
	return ballots.map((b) => ({ ...b, ownEligible: byBallot.has(b.id), ownVote: byBallot.get(b.id) ?? null }));
}

/**
 * Moves the deadline later, before it has passed, with a reason; audited. The ballot row is locked
 * and checked against the database clock, so an extension racing the closing either lands
 * before it (and the ballot stays open) or fails cleanly: it never reopens a closed ballot.
 */
export async function extendDeadline(db: Kysely<DB>, actor: Actor | null, ballotId: string, input: { closesAt: Date; reason: string }): Promise<void> {
	const ballot = await findBallot(db, ballotId);
	if (!ballot) throw new NotFoundError('ballot');
	authorize(actor, 'ballot.extend', refOf(ballot));
	const reason = input.reason.trim();
	if (!reason) throw new FieldError('reason', 'form.required');
	if (reason.length > 2000) throw new FieldError('reason', 'form.tooLong');
	if (!(input.closesAt.getTime() > ballot.closesAt.getTime())) throw new FieldError('closesAt', 'ballot.error.extendLater');
	await db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('ballots')
			.select(['closes_at', sql<boolean>`status IN ('scheduled','open') AND closes_at > now()`.as('running')])
			.where('id', '=', ballotId)
			.forUpdate()
			.executeTakeFirstOrThrow();
		if (!current.running) throw new FieldError('form', 'ballot.error.deadlinePassed');
		if (!(input.closesAt.getTime() > new Date(current.closes_at).getTime())) throw new FieldError('closesAt', 'ballot.error.extendLater');
		await trx.updateTable('ballots').set({ closes_at: input.closesAt }).where('id', '=', ballotId).execute();
		await trx
			.insertInto('ballot_deadline_extensions')
			.values({ ballot_id: ballotId, previous_closes_at: current.closes_at, new_closes_at: input.closesAt, reason, extended_by: actor!.id })
			.execute();
		await audit(trx, {
			actorId: actor!.id,
			action: 'ballot.extend',
			objectType: 'ballot',
			objectId: ballotId,
			details: { paperId: ballot.paperId, from: new Date(current.closes_at).toISOString(), to: input.closesAt.toISOString(), reason }
		});
	});
}
