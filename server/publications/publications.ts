// Publication: an adopted paper gets a public page without login, /p/<slug>, showing the adopted
// text (the version the ballot voted on), its committee, the date of adoption and who endorsed it.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../people/actor.ts';
import { FieldError } from '../errors.ts';
import { takeStep } from '../workflow/workflow.ts';
import type { BallotResult } from '../ballots/result.ts';

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'ae', Ö: 'oe', Ü: 'ue' };

/** A readable, stable address part from a title: "Bildung für alle!" → "bildung-fuer-alle". */
export function slugify(title: string): string {
	const slug = title
		.replace(/[äöüßÄÖÜ]/g, (c) => UMLAUTS[c])
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 100)
		.replace(/-+$/g, '');
	return slug || 'papier';
}

async function freeSlug(db: Kysely<DB>, base: string): Promise<string> {
	const taken = new Set(
		(await db.selectFrom('publications').select('slug').where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)])).execute()).map((r) => r.slug)
	);
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Publishes an adopted paper: the workflow step adopted → published, plus its public address. */
export async function publishPaper(db: Kysely<DB>, actor: Actor | null, paperId: string): Promise<{ slug: string }> {
	const outcome = await takeStep(db, actor, paperId, 'publish', {}, async (trx, ctx) => {
		const ballot = await trx
			.selectFrom('ballots')
			.select(['id', 'version_id', 'result'])
			.where('paper_id', '=', paperId)
			.where('status', '=', 'closed')
			.orderBy('closed_at', 'desc')
			.executeTakeFirst();
		if (!ballot || (ballot.result as BallotResult).outcome !== 'adopted') throw new FieldError('form', 'publication.error.notAdopted');
		const paper = await trx.selectFrom('papers').select('title').where('id', '=', paperId).executeTakeFirstOrThrow();
		// Serialises publishers of papers with the same title, so the free slug stays free.
		await sql`LOCK TABLE publications IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
		const slug = await freeSlug(trx, slugify(paper.title));
		await trx
			.insertInto('publications')
			.values({ paper_id: paperId, slug, ballot_id: ballot.id, version_id: ballot.version_id, published_by: ctx.actor.id })
			.execute();
		return slug;
	});
	return { slug: outcome.extra };
}

function publicationQuery(db: Kysely<DB>) {
	return db
		.selectFrom('publications as pub')
		.innerJoin('papers as p', 'p.id', 'pub.paper_id')
		.innerJoin('committees as c', 'c.id', 'p.committee_id')
		.innerJoin('ballots as b', 'b.id', 'pub.ballot_id')
		.select([
			'pub.slug',
			'pub.paper_id',
			'pub.version_id',
			'pub.published_at',
			'p.title',
			'p.type',
			'p.summary',
			'c.name as committee_name',
			'b.closed_at as adopted_at',
			'b.result'
		])
		// A paper archived after publication leaves the public pages.
		.where('p.status', '=', 'published');
}

export interface PublicPaperSummary {
	slug: string;
	title: string;
	type: string;
	summary: string;
	committeeName: string;
	publishedAt: Date;
	adoptedAt: Date;
	endorsed: number;
	eligible: number;
}

function summaryOf(r: Awaited<ReturnType<ReturnType<typeof publicationQuery>['executeTakeFirstOrThrow']>>): PublicPaperSummary {
	const result = r.result as BallotResult;
	return {
		slug: r.slug,
		title: r.title,
		type: r.type,
		summary: r.summary,
		committeeName: r.committee_name,
		publishedAt: new Date(r.published_at),
		adoptedAt: new Date(r.adopted_at!),
		endorsed: result.tally.endorse,
		eligible: result.eligible
	};
}

/** The public index: published papers, newest first. */
export async function listPublished(db: Kysely<DB>, limit = 200): Promise<PublicPaperSummary[]> {
	const rows = await publicationQuery(db).orderBy('pub.published_at', 'desc').limit(limit).execute();
	return rows.map(summaryOf);
}

export interface PublicPaper extends PublicPaperSummary {
	paperId: string;
	content: unknown;
	endorsements: { name: string; statement: string }[];
}

export async function findPublished(db: Kysely<DB>, slug: string): Promise<PublicPaper | undefined> {
	if (!/^[a-z0-9-]{1,120}$/.test(slug)) return undefined;
	const row = await publicationQuery(db)
		.innerJoin('paper_versions as v', (j) => j.onRef('v.id', '=', 'pub.version_id').onRef('v.paper_id', '=', 'pub.paper_id'))
		.select('v.content_json')
		.where('pub.slug', '=', slug)
		.executeTakeFirst();
	if (!row) return undefined;
	const result = row.result as BallotResult;
	return {
		...summaryOf(row),
		paperId: row.paper_id,
		content: row.content_json,
		endorsements: result.votes.filter((v) => v.choice === 'endorse').map((v) => ({ name: v.organisationName, statement: v.statement }))
	};
}

export async function publicationOfPaper(db: Kysely<DB>, paperId: string) {
	return db.selectFrom('publications').select(['slug', 'published_at']).where('paper_id', '=', paperId).executeTakeFirst();
}
