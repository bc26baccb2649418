// The path a paper took: one row per status change, with who, when and which frozen version.
// Written in the transaction that changes papers.status, by people's steps and the system's.
import type { Kysely } from 'kysely';
import type { DB, PaperStatus } from '../db/schema.ts';

export interface TransitionInput {
	paperId: string;
	from: PaperStatus;
	to: PaperStatus;
	actorId: string | null;
	versionId: string | null;
	reason?: string;
}

export async function recordTransition(db: Kysely<DB>, t: TransitionInput): Promise<number> {
	const row = await db
		.insertInto('paper_transitions')
		.values({ paper_id: t.paperId, from_status: t.from, to_status: t.to, actor_id: t.actorId, version_id: t.versionId, reason: t.reason ?? '' })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/**
 * Changes the status only if it is still the expected one: of two concurrent steps from the
 * same status, the second waits for the first's row lock, then finds the status changed and
 * changes nothing. Returns whether this one won.
 */
export async function changeStatus(db: Kysely<DB>, paperId: string, from: PaperStatus, to: PaperStatus): Promise<boolean> {
	const res = await db
		.updateTable('papers')
		.set({ status: to, updated_at: new Date() })
		.where('id', '=', paperId)
		.where('status', '=', from)
		.executeTakeFirst();
	return Number(res.numUpdatedRows) === 1;
}

export async function pathOf(db: Kysely<DB>, paperId: string) {
	return db
		.selectFrom('paper_transitions as t')
		.leftJoin('people as p', 'p.id', 't.actor_id')
		.select(['t.id', 't.from_status', 't.to_status', 't.at', 't.reason', 't.version_id', 't.actor_id', 'p.name as actor_name'])
		.where('t.paper_id', '=', paperId)
		.orderBy('t.id')
		.execute();
}
