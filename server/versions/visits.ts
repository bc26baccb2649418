// "Changes since my last visit": each opening of a paper is recorded with the newest version at
// that moment. The baseline shown is the visit before the current one, so that reloading the page
// (or the reconnect that re-reads page data) does not wipe the notice a person has not read yet.
//
// A visit remembers the newest version, not the text itself: keeping a copy of the text per person
// and visit would grow without bound. So the baseline is the last version that existed when the
// person was last here; edits made after it but before their visit show as changes too.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { can } from '../policy.ts';
import type { Actor } from '../people/actor.ts';
import { paperRef } from '../papers/papers.ts';

/** Opening the paper again within this time continues the same visit. */
export const VISIT_GAP_MINUTES = 30;

export interface SinceLastVisit {
	/** when the person was here before this visit */
	at: Date;
	/** the newest version then, to compare with; null when the paper had none */
	version: { id: string; number: number; name: string } | null;
	/** whether the text or the history moved on since */
	changed: boolean;
}

/**
 * Records that the actor opened the paper and returns what they need for the notice: the
 * previous visit and whether anything changed since. Null for a first visit or nobody signed in.
 */
export async function recordVisit(db: Kysely<DB>, actor: Actor | null, paperId: string): Promise<SinceLastVisit | null> {
	if (!actor) return null;
	const ref = await paperRef(db, paperId);
	if (!ref || !can(actor, 'version.list', ref)) return null;
	const latest = await db.selectFrom('paper_versions').select('id').where('paper_id', '=', paperId).orderBy('number', 'desc').limit(1).executeTakeFirst();
	// One statement, so that two tabs opening at once cannot both move the baseline.
	const gap = sql.raw(`interval '${VISIT_GAP_MINUTES} minutes'`);
	const { rows } = await sql<{ previous_version: string | null; previous_at: Date | null }>`
		INSERT INTO paper_visits (paper_id, person_id, last_seen_version, last_seen_at)
		VALUES (${paperId}, ${actor.id}, ${latest?.id ?? null}, now())
		ON CONFLICT (paper_id, person_id) DO UPDATE SET
			previous_version = CASE WHEN paper_visits.last_seen_at < now() - ${gap} THEN paper_visits.last_seen_version ELSE paper_visits.previous_version END,
			previous_at = CASE WHEN paper_visits.last_seen_at < now() - ${gap} THEN paper_visits.last_seen_at ELSE paper_visits.previous_at END,
			last_seen_version = excluded.last_seen_version,
			last_seen_at = excluded.last_seen_at
		RETURNING previous_version, previous_at`.execute(db);
	const visit = rows[0];
	if (!visit?.previous_at) return null;
	return sinceVisit(db, paperId, new Date(visit.previous_at), visit.previous_version);
}

async function sinceVisit(db: Kysely<DB>, paperId: string, at: Date, versionId: string | null): Promise<SinceLastVisit> {
	const version = versionId
		? ((await db.selectFrom('paper_versions').select(['id', 'number', 'name']).where('id', '=', versionId).executeTakeFirst()) ?? null)
		: null;
	const paper = await db.selectFrom('papers').select('updated_at').where('id', '=', paperId).executeTakeFirstOrThrow();
	const newer = await db
		.selectFrom('paper_versions')
		.select('id')
		.where('paper_id', '=', paperId)
		.where('created_at', '>', at)
		.limit(1)
		.executeTakeFirst();
	return { at, version, changed: new Date(paper.updated_at) > at || !!newer };
}
