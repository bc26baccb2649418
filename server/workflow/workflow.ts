// A paper's steps through its life. Each step is one command in one transaction: it checks the
// person may take it from the current status (policy), freezes a named version, changes the
// status only if it is still the one checked (so two concurrent steps cannot both win), records
// the path and the audit entry; after commit, open editors are re-decided at once.
import type { Kysely, Transaction } from 'kysely';
import type { DB, PaperStatus } from '../db/schema.ts';
import type { Actor } from '../people/actor.ts';
import { authorize, type PaperRef } from '../policy.ts';
import { audit } from '../audit.ts';
import { FieldError, NotFoundError } from '../errors.ts';
import { paperRef } from '../papers/papers.ts';
import { createVersion, systemCaller } from '../versions/versions.ts';
import { paperState } from '../collab/documents.ts';
import { STEPS, stepAllowedFrom, type StepName } from './steps.ts';
import { changeStatus, recordTransition } from './transitions.ts';
import { rightsChanged } from './rights.ts';

export const MAX_REASON_LENGTH = 2000;

export interface StepInput {
	/** why (sending back, archiving) or a note for the frozen version */
	reason?: string;
}

export interface StepContext {
	paper: PaperRef;
	from: PaperStatus;
	to: PaperStatus;
	versionId: string;
	actor: Actor;
}

export interface StepOutcome<T> {
	from: PaperStatus;
	to: PaperStatus;
	versionId: string;
	transitionId: number;
	extra: T;
}

/**
 * Takes one step. `during` runs inside the same transaction after the status changed (opening a
 * ballot, publishing, cancelling a ballot); if it throws, the whole step is undone.
 */
export async function takeStep<T = undefined>(
	db: Kysely<DB>,
	actor: Actor | null,
	paperId: string,
	name: StepName,
	input: StepInput = {},
	during?: (trx: Transaction<DB>, ctx: StepContext) => Promise<T>
): Promise<StepOutcome<T>> {
	const step = STEPS[name];
	const paper = await paperRef(db, paperId);
	if (!paper) throw new NotFoundError('paper');
	authorize(actor, step.action, paper);
	if (!stepAllowedFrom(name, paper.status)) throw new FieldError('form', 'workflow.error.notFromStatus');
	const reason = (input.reason ?? '').trim();
	if (reason.length > MAX_REASON_LENGTH) throw new FieldError('reason', 'form.tooLong');
	const from = paper.status;
	const to = step.to as PaperStatus;

	// The text the step is about (the version a ballot votes on, the text handed over), read
	// before the transaction: on PGlite the transaction holds the one connection, and the stored
	// document is read through it.
	const state = await paperState(paperId);
	const outcome = await db.transaction().execute(async (trx) => {
		// The policy decided above who may take this step; the version follows from the step.
		const version = await createVersion(trx, systemCaller(actor!.id), paperId, { name: step.versionName, note: reason, kind: 'workflow', state });
		// Of two concurrent steps, the second waits here for the first's row lock and then finds
		// the status changed: it changes nothing and its version is rolled back with it.
		if (!(await changeStatus(trx, paperId, from, to))) throw new FieldError('form', 'workflow.error.stale');
		const transitionId = await recordTransition(trx, { paperId, from, to, actorId: actor!.id, versionId: version.id, reason });
		await audit(trx, {
			actorId: actor!.id,
			action: `paper.step.${name}`,
			objectType: 'paper',
			objectId: paperId,
			details: { from, to, versionId: version.id, reason }
		});
		const extra = during ? await during(trx, { paper, from, to, versionId: version.id, actor: actor! }) : (undefined as T);
		return { from, to, versionId: version.id, transitionId, extra };
	});
	rightsChanged(paperId);
	return outcome;
}

export function handToFinalisation(db: Kysely<DB>, actor: Actor | null, paperId: string, input: StepInput = {}) {
	return takeStep(db, actor, paperId, 'toFinalisation', input);
}

export function sendBackToDraft(db: Kysely<DB>, actor: Actor | null, paperId: string, input: StepInput = {}) {
	return takeStep(db, actor, paperId, 'backToDraft', input);
}

/** Archives from any status; a running ballot is cancelled with it (no result, no votes lost). */
export function archivePaper(db: Kysely<DB>, actor: Actor | null, paperId: string, input: StepInput = {}) {
	return takeStep(db, actor, paperId, 'archive', input, async (trx, ctx) => {
		const cancelled = await trx
			.updateTable('ballots')
			.set({ status: 'cancelled', closed_at: new Date() })
			.where('paper_id', '=', paperId)
			.where('status', 'in', ['scheduled', 'open'])
			.returning('id')
			.execute();
		for (const b of cancelled) {
			await audit(trx, { actorId: ctx.actor.id, action: 'ballot.cancel', objectType: 'ballot', objectId: b.id, details: { paperId, reason: input.reason ?? '' } });
		}
		return cancelled.map((b) => b.id);
	});
}
