// Papers: the queries and commands in one place. Commands take the actor and ask the policy
// module themselves, so that every caller (pages, API, websocket, jobs) is checked alike.
import { sql, type Kysely } from 'kysely';
import type { DB, PaperStatus, PaperType } from '../db/schema.ts';
import { authorize, can, type PaperRef } from '../policy.ts';
import type { Actor } from '../people/actor.ts';
import { audit } from '../audit.ts';
import { isUuid } from '../committees/committees.ts';
import { escapeLike } from '../people/people.ts';

export interface NewPaperInput {
	committeeId: string;
	title: string;
	type: PaperType;
	summary?: string;
}

export async function createPaper(db: Kysely<DB>, actor: Actor | null, input: NewPaperInput): Promise<string> {
	authorize(actor, 'paper.create', { id: input.committeeId });
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('papers')
			.values({
				committee_id: input.committeeId,
				title: input.title.trim(),
				type: input.type,
				summary: input.summary?.trim() ?? '',
				created_by: actor!.id,
				updated_at: new Date()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await audit(trx, { actorId: actor!.id, action: 'paper.create', objectType: 'paper', objectId: row.id, details: { title: input.title, type: input.type, committeeId: input.committeeId } });
		return row.id;
	});
}

/** What the policy module needs to decide about a paper, or undefined when there is none. */
export async function paperRef(db: Kysely<DB>, paperId: string): Promise<PaperRef | undefined> {
	if (!isUuid(paperId)) return undefined;
	const row = await db.selectFrom('papers').select(['id', 'committee_id', 'status']).where('id', '=', paperId).executeTakeFirst();
	return row && { id: row.id, committeeId: row.committee_id, status: row.status };
}

export async function findPaper(db: Kysely<DB>, paperId: string) {
	if (!isUuid(paperId)) return undefined;
	return db
		.selectFrom('papers')
		.innerJoin('committees', 'committees.id', 'papers.committee_id')
		.select(['papers.id', 'papers.title', 'papers.type', 'papers.summary', 'papers.status', 'papers.committee_id', 'papers.created_at', 'papers.updated_at', 'committees.name as committee_name'])
		.where('papers.id', '=', paperId)
		.executeTakeFirst();
}

const contributorsOf = sql<string>`(select string_agg(p.name, ', ' order by c.last_edit_at desc) from paper_contributors c join people p on p.id = c.person_id where c.paper_id = papers.id)`;

/** Papers the actor may read, newest change first; optionally one committee and a search term. */
export async function listPapers(db: Kysely<DB>, actor: Actor | null, opts: { committeeId?: string; search?: string; limit?: number } = {}) {
	const term = opts.search?.trim();
	const rows = await db
		.selectFrom('papers')
		.innerJoin('committees', 'committees.id', 'papers.committee_id')
		.select(['papers.id', 'papers.title', 'papers.type', 'papers.status', 'papers.committee_id', 'papers.updated_at', 'committees.name as committee_name', contributorsOf.as('contributors')])
		.$if(!!opts.committeeId, (q) => q.where('papers.committee_id', '=', opts.committeeId!))
		.$if(!!term, (q) =>
			q.where((eb) => eb.or([eb('papers.title', 'ilike', `%${escapeLike(term!)}%`), eb('papers.content_text', 'ilike', `%${escapeLike(term!)}%`)]))
		)
		.orderBy('papers.updated_at', 'desc')
		.limit(opts.limit ?? 500)
		.execute();
	// The policy module decides per row; the statuses a person may read are few, so this stays cheap.
	return rows.filter((r) => can(actor, 'paper.read', { id: r.id, committeeId: r.committee_id, status: r.status as PaperStatus }));
}

/** The stored ProseMirror rendering, for readers without a live connection (anonymous visitors). */
export async function paperContentJson(db: Kysely<DB>, paperId: string): Promise<unknown> {
	if (!isUuid(paperId)) return undefined;
	const row = await db.selectFrom('papers').select('content_json').where('id', '=', paperId).executeTakeFirst();
	return row?.content_json;
}
