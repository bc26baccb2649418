// Casting an organisation's vote. Three guarantees, each held by the database rather than by a
// check in code that another request could slip past:
// - one current vote per organisation and ballot: the primary key of ballot_votes, written with
//   INSERT ... ON CONFLICT DO UPDATE, so concurrent casts never fail with a duplicate;
// - the deadline and representation are checked in the very statement that stores the vote,
//   against the database clock and the current organisation_representatives;
// - a vote never slips past the closing: the vote holds a share lock on the ballot row, which
//   the closing takes exclusively, so a vote is either stored before the count or refused.
import { sql, type Kysely } from 'kysely';
import type { DB, VoteChoice } from '../db/schema.ts';
import type { Actor } from '../people/actor.ts';
import { authorize } from '../policy.ts';
import { audit } from '../audit.ts';
import { FieldError, NotFoundError } from '../errors.ts';
import { findBallot, isEligible, refOf, votingOrganisation } from './ballots.ts';

export const VOTE_CHOICES: readonly VoteChoice[] = ['endorse', 'abstain', 'reject'];
export const MAX_STATEMENT_LENGTH = 2000;

/** A vote the ballot refused, with the message key that tells the person why. */
export class VoteRefused extends FieldError {
	constructor(key: string, public params: Record<string, string> = {}) {
		super('form', key);
	}
}

export interface CastInput {
	choice: VoteChoice;
	statement?: string;
}

export interface CastOutcome {
	organisationId: string;
	choice: VoteChoice;
	previousChoice: VoteChoice | null;
	castAt: Date;
}

export async function castVote(db: Kysely<DB>, actor: Actor | null, ballotId: string, input: CastInput): Promise<CastOutcome> {
	const ballot = await findBallot(db, ballotId);
	if (!ballot) throw new NotFoundError('ballot');
	if (!VOTE_CHOICES.includes(input.choice)) throw new FieldError('choice', 'ballot.error.choice');
	const statement = (input.statement ?? '').trim();
	if (statement.length > MAX_STATEMENT_LENGTH) throw new FieldError('statement', 'form.tooLong');
	authorize(actor, 'ballot.read', refOf(ballot));
	// A closed ballot says so plainly to anyone who may see it; the policy decides the rest.
	if (ballot.status === 'closed' || ballot.status === 'cancelled') throw closedError(ballot.closesAt);
	const organisationId = votingOrganisation(actor);
	authorize(actor, 'ballot.vote', {
		ballot: refOf(ballot),
		organisationId: organisationId ?? '',
		eligible: !!organisationId && (await isEligible(db, ballotId, organisationId))
	});

	const outcome = await db.transaction().execute(async (trx) => {
		// Shares the ballot row with other votes and excludes the closing; serialises the votes of
		// one organisation on its eligibility row, so the record knows which choice each replaced.
		const locked = await sql<{ status: string }>`
			SELECT b.status FROM ballots b
			JOIN ballot_eligible_organisations e ON e.ballot_id = b.id AND e.organisation_id = ${organisationId}
			WHERE b.id = ${ballotId}
			FOR SHARE OF b FOR UPDATE OF e`.execute(trx);
		if (!locked.rows.length) throw new VoteRefused('ballot.error.notEligible');
		const previous = await trx
			.selectFrom('ballot_votes')
			.select('choice')
			.where('ballot_id', '=', ballotId)
			.where('organisation_id', '=', organisationId!)
			.executeTakeFirst();
		const stored = await sql<{ cast_at: Date }>`
			INSERT INTO ballot_votes (ballot_id, organisation_id, choice, statement, cast_by, cast_at)
			SELECT b.id, ${organisationId}, ${input.choice}, ${statement}, ${actor!.id}, now()
			FROM ballots b
			WHERE b.id = ${ballotId}
				AND b.status IN ('scheduled', 'open')
				AND b.opens_at <= now() AND now() < b.closes_at
				AND EXISTS (
					SELECT 1 FROM organisation_representatives r JOIN people p ON p.id = r.person_id
					WHERE r.person_id = ${actor!.id} AND r.organisation_id = ${organisationId} AND p.disabled_at IS NULL)
			ON CONFLICT (ballot_id, organisation_id) DO UPDATE
				SET choice = excluded.choice, statement = excluded.statement, cast_by = excluded.cast_by, cast_at = excluded.cast_at
			RETURNING cast_at`.execute(trx);
		if (!stored.rows.length) return null;
		const castAt = stored.rows[0].cast_at;
		await trx
			.insertInto('ballot_vote_log')
			.values({
				ballot_id: ballotId,
				organisation_id: organisationId!,
				choice: input.choice,
				statement,
				previous_choice: previous?.choice ?? null,
				cast_by: actor!.id,
				cast_at: castAt
			})
			.execute();
		await audit(trx, {
			actorId: actor!.id,
			action: previous ? 'ballot.vote.change' : 'ballot.vote',
			objectType: 'ballot',
			objectId: ballotId,
			details: { paperId: ballot.paperId, organisationId, choice: input.choice, previousChoice: previous?.choice ?? null }
		});
		return { organisationId: organisationId!, choice: input.choice, previousChoice: previous?.choice ?? null, castAt: new Date(castAt) };
	});
	if (outcome) return outcome;
	throw await whyRefused(db, ballotId, actor!.id, organisationId!);
}

function closedError(closesAt: Date): VoteRefused {
	return new VoteRefused('ballot.error.closed', { closesAt: closesAt.toISOString() });
}

/** Nothing was stored: find the reason, to tell the person plainly. */
async function whyRefused(db: Kysely<DB>, ballotId: string, personId: string, organisationId: string): Promise<VoteRefused> {
	const b = await sql<{ status: string; not_yet: boolean; passed: boolean; closes_at: Date; represents: boolean }>`
		SELECT status, now() < opens_at AS not_yet, now() >= closes_at AS passed, closes_at,
			EXISTS (SELECT 1 FROM organisation_representatives r JOIN people p ON p.id = r.person_id
				WHERE r.person_id = ${personId} AND r.organisation_id = ${organisationId} AND p.disabled_at IS NULL) AS represents
		FROM ballots WHERE id = ${ballotId}`.execute(db);
	const row = b.rows[0];
	if (!row) return new VoteRefused('ballot.error.closed');
	if (row.status === 'closed' || row.status === 'cancelled' || row.passed) return closedError(new Date(row.closes_at));
	if (row.not_yet) return new VoteRefused('ballot.error.notOpenYet');
	if (!row.represents) return new VoteRefused('ballot.error.notRepresentative');
	return new VoteRefused('ballot.error.closed');
}
