// The SQL of a paper's collaborative state: its compacted state row (paper_documents), the updates
// stored since (paper_updates, Yjs V1), and the renderings derived from it. Nothing here keeps
// state; the document (paper-document.ts) decides when each runs.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export class UnknownPaperError extends Error {
	constructor(paperId: string) {
		super(`no paper ${paperId}`);
	}
}

export interface StoredPaper {
	state: Uint8Array | null;
	compactedThrough: number;
	updates: { id: number; data: Uint8Array }[];
}

/** The state row and the updates after it, read in one snapshot so a compaction cannot fall between. */
export async function loadStoredPaper(db: Kysely<DB>, paperId: string): Promise<StoredPaper> {
	return db
		.transaction()
		.setIsolationLevel('repeatable read')
		.execute(async (trx) => {
			const paper = await trx.selectFrom('papers').select('id').where('id', '=', paperId).executeTakeFirst();
			if (!paper) throw new UnknownPaperError(paperId);
			const row = await trx
				.selectFrom('paper_documents')
				.select(['state', 'compacted_through'])
				.where('paper_id', '=', paperId)
				.executeTakeFirst();
			const compactedThrough = row?.compacted_through ?? 0;
			const updates = await trx
				.selectFrom('paper_updates')
				.select(['id', 'data'])
				.where('paper_id', '=', paperId)
				.where('id', '>', compactedThrough)
				.orderBy('id')
				.execute();
			return { state: row?.state ?? null, compactedThrough, updates };
		});
}

/** Stores one (merged) update; resolves once committed, with its id. */
export async function appendUpdate(db: Kysely<DB>, paperId: string, data: Uint8Array): Promise<number> {
	const row = await db.insertInto('paper_updates').values({ paper_id: paperId, data }).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

/** Stores several papers' updates in one statement (one commit); resolves with their ids, in order. */
export async function appendUpdates(db: Kysely<DB>, rows: readonly { paperId: string; data: Uint8Array }[]): Promise<number[]> {
	const inserted = await db
		.insertInto('paper_updates')
		.values(rows.map((r) => ({ paper_id: r.paperId, data: r.data })))
		.returning('id')
		.execute();
	// Ids are drawn row by row in the order of the VALUES list; RETURNING promises no order.
	return inserted.map((r) => r.id).sort((a, b) => a - b);
}

/** Replaces the state row and deletes the updates it folds in, in one transaction. */
export async function compactPaper(db: Kysely<DB>, paperId: string, state: Uint8Array, through: number): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('paper_documents')
			.values({ paper_id: paperId, state, compacted_through: through, updated_at: new Date() })
			.onConflict((oc) =>
				oc.column('paper_id').doUpdateSet({
					state,
					// never move backwards, whatever order two compactions commit in
					compacted_through: sql<number>`greatest(paper_documents.compacted_through, excluded.compacted_through)`,
					updated_at: new Date()
				})
			)
			.execute();
		await trx.deleteFrom('paper_updates').where('paper_id', '=', paperId).where('id', '<=', through).execute();
	});
}

export interface Rendering {
	text: string;
	json: unknown;
}

/** Writes the renderings, the time of the last edit and who edited, in one transaction. */
export async function writeRendering(
	db: Kysely<DB>,
	paperId: string,
	rendering: Rendering,
	editedAt: Date | null,
	editors: ReadonlyMap<string, Date>
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('papers')
			.set({
				content_text: rendering.text,
				content_json: JSON.stringify(rendering.json),
				...(editedAt ? { updated_at: editedAt } : {})
			})
			.where('id', '=', paperId)
			.execute();
		const rows = [...editors].map(([personId, at]) => ({ paper_id: paperId, person_id: personId, last_edit_at: at }));
		if (rows.length === 0) return;
		// Only people who still exist: someone deleted since their edit must not fail the whole write.
		const existing = new Set(
			(await trx.selectFrom('people').select('id').where('id', 'in', rows.map((r) => r.person_id)).execute()).map((p) => p.id)
		);
		const kept = rows.filter((r) => existing.has(r.person_id));
		if (kept.length === 0) return;
		await trx
			.insertInto('paper_contributors')
			.values(kept)
			.onConflict((oc) => oc.columns(['paper_id', 'person_id']).doUpdateSet({ last_edit_at: (eb) => eb.ref('excluded.last_edit_at') }))
			.execute();
	});
}
