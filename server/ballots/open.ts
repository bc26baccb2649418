// Opening a ballot is the workflow step finalisation → ballot: the version frozen by the step is
// the text voted on, and the ballot, its settings and its eligible organisations (the voting
// member organisations at this moment, recorded) are written in the same transaction. Nothing
// of this changes later except the deadline (ballots.ts: extendDeadline).
import { sql, type Kysely } from 'kysely';
import type { BallotMajority, DB } from '../db/schema.ts';
import type { Actor } from '../people/actor.ts';
import { audit } from '../audit.ts';
import { FieldError } from '../errors.ts';
import { takeStep } from '../workflow/workflow.ts';
import { wakeBallotJob } from '../jobs/ballots.ts';

export interface OpenBallotInput {
	/** null or absent: now */
	opensAt?: Date | null;
	closesAt: Date;
	/** share of eligible organisations that must vote, 0 < quorum <= 1 (default 0.5) */
	quorum?: number;
	majority?: BallotMajority;
	votesPublicWhileOpen?: boolean;
	/** a note for the frozen version */
	note?: string;
}

export function validateOpenBallot(input: OpenBallotInput, now = new Date()): void {
	const quorum = input.quorum ?? 0.5;
	if (!(quorum > 0 && quorum <= 1)) throw new FieldError('quorum', 'ballot.error.quorum');
	if (input.majority && input.majority !== 'simple' && input.majority !== 'two_thirds') throw new FieldError('majority', 'form.invalid');
	const opensAt = input.opensAt ?? now;
	if (!(input.closesAt instanceof Date) || Number.isNaN(input.closesAt.getTime())) throw new FieldError('closesAt', 'form.required');
	if (input.closesAt.getTime() <= now.getTime()) throw new FieldError('closesAt', 'ballot.error.deadlineInPast');
	if (input.closesAt.getTime() <= opensAt.getTime()) throw new FieldError('closesAt', 'ballot.error.deadlineBeforeOpening');
}

export async function openBallot(db: Kysely<DB>, actor: Actor | null, paperId: string, input: OpenBallotInput): Promise<{ ballotId: string; versionId: string }> {
	validateOpenBallot(input);
	const outcome = await takeStep(db, actor, paperId, 'openBallot', { reason: input.note }, async (trx, ctx) => {
		const ballot = await trx
			.insertInto('ballots')
			.values({
				paper_id: paperId,
				version_id: ctx.versionId,
				opens_at: input.opensAt ?? sql<Date>`now()`,
				closes_at: input.closesAt,
				quorum: input.quorum ?? 0.5,
				majority: input.majority ?? 'simple',
				votes_public_while_open: input.votesPublicWhileOpen ?? false,
				created_by: ctx.actor.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		// Opening now is decided by the database clock, like everything about a ballot's time.
		await sql`UPDATE ballots SET status = 'open' WHERE id = ${ballot.id} AND opens_at <= now()`.execute(trx);
		const eligible = await sql<{ organisation_id: string }>`
			INSERT INTO ballot_eligible_organisations (ballot_id, organisation_id)
			SELECT ${ballot.id}, id FROM organisations WHERE voting_member
			RETURNING organisation_id`.execute(trx);
		if (!eligible.rows.length) throw new FieldError('form', 'ballot.error.noEligible');
		await audit(trx, {
			actorId: ctx.actor.id,
			action: 'ballot.open',
			objectType: 'ballot',
			objectId: ballot.id,
			details: {
				paperId,
				versionId: ctx.versionId,
				opensAt: input.opensAt?.toISOString() ?? 'now',
				closesAt: input.closesAt.toISOString(),
				quorum: input.quorum ?? 0.5,
				majority: input.majority ?? 'simple',
				votesPublicWhileOpen: input.votesPublicWhileOpen ?? false,
				eligible: eligible.rows.length
			}
		});
		return ballot.id;
	});
	wakeBallotJob();
	return { ballotId: outcome.extra, versionId: outcome.versionId };
}
