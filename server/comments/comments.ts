// Comment threads on passages: the commands and the one query that lists them. Commands take the
// actor and ask the policy module themselves; each is one transaction with its audit entry and
// its notifications, and tells the open pages of the paper afterwards (events.ts).
import { sql, type Kysely } from 'kysely';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../people/actor.ts';
import { authorize, can, commentAudience, type CommentScope, type PaperRef } from '../policy.ts';
import { audit } from '../audit.ts';
import { FieldError, NotFoundError } from '../errors.ts';
import { isUuid } from '../committees/committees.ts';
import { notify } from '../notifications/notifications.ts';
import { paperSchema } from '../papers/document-content.ts';
import { PAPER_FRAGMENT } from '../papers/document-schema.ts';
import { AnchorResolver, MAX_QUOTE_LENGTH, anchorToBase64, decodeAnchorEnd, leafPredicate, passageText, type ResolvedRange } from './anchors.ts';
import { publish } from './events.ts';
import { byPassage } from './order.ts';
import { paperReaders } from './readers.ts';
import { findMentions } from './text.ts';

import { COMMENTS_PER_MINUTE, MAX_COMMENT_LENGTH } from './limits.ts';

export { COMMENTS_PER_MINUTE, MAX_COMMENT_LENGTH };

/** Where a notification about a thread leads: the paper, scrolled to the thread. */
export const threadLink = (paperId: string, threadId: string) => `/papers/${paperId}#thread-${threadId}`;

interface PaperInfo extends PaperRef {
	title: string;
}

async function paperInfo(db: Kysely<DB>, paperId: string): Promise<PaperInfo> {
	if (!isUuid(paperId)) throw new NotFoundError('paper');
	const row = await db.selectFrom('papers').select(['id', 'committee_id', 'status', 'title']).where('id', '=', paperId).executeTakeFirst();
	if (!row) throw new NotFoundError('paper');
	return { id: row.id, committeeId: row.committee_id, status: row.status, title: row.title };
}

/** Plain text as stored: one kind of line break, no control characters, no trailing blanks. */
export function cleanBody(raw: string): string {
	const body = raw
		.replace(/\r\n?/g, '\n')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
		.replace(/\s+$/u, '')
		.replace(/^\s*\n/u, '');
	if (!body.trim()) throw new FieldError('body', 'comments.error.empty');
	if (body.length > MAX_COMMENT_LENGTH) throw new FieldError('body', 'comments.error.tooLong');
	return body;
}

/**
 * At most COMMENTS_PER_MINUTE new comments per person, counted in the append-only audit log (a
 * deleted comment still counts). The person's row is locked first, so concurrent requests of one
 * person are counted one after the other.
 */
async function checkRate(trx: Kysely<DB>, personId: string): Promise<void> {
	await trx.selectFrom('people').select('id').where('id', '=', personId).forUpdate().execute();
	const { n } = await trx
		.selectFrom('audit_log')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('actor_id', '=', personId)
		.where('action', '=', 'comment.create')
		.where('at', '>', sql<Date>`now() - interval '1 minute'`)
		.executeTakeFirstOrThrow();
	if (Number(n) >= COMMENTS_PER_MINUTE) throw new FieldError('body', 'comments.error.rate');
}

/** The people mentioned in the body who may read what it is written in. */
function mentioned(body: string, readers: Actor[], scope: CommentScope, authorId: string): string[] {
	const audience = readers.filter((r) => r.id !== authorId && can(r, 'comment.read', scope));
	return findMentions(body, audience);
}

async function storeMentions(trx: Kysely<DB>, commentId: number, personIds: string[]): Promise<void> {
	await trx.deleteFrom('comment_mentions').where('comment_id', '=', commentId).execute();
	if (personIds.length) await trx.insertInto('comment_mentions').values(personIds.map((person_id) => ({ comment_id: commentId, person_id }))).execute();
}

const excerpt = (body: string) => (body.length > 160 ? `${body.slice(0, 159)}…` : body);

export interface NewThreadInput {
	paperId: string;
	anchorStart: Uint8Array;
	anchorEnd: Uint8Array;
	/** what the person selected, used only when the server cannot see the passage yet */
	quotedText?: string;
	body: string;
}

/**
 * Starts a thread on a passage with its first comment. The anchors are checked against the
 * current document, which also gives the quote; a passage the server has not received yet (the
 * comment raced the edit) keeps the quote the browser sent.
 */
export async function createThread(
	db: Kysely<DB>,
	actor: Actor | null,
	input: NewThreadInput,
	documentState: () => Promise<Uint8Array>
): Promise<{ threadId: string; commentId: number }> {
	const paper = await paperInfo(db, input.paperId);
	authorize(actor, 'comment.create', paper);
	const author = actor!;
	const body = cleanBody(input.body);
	if (!decodeAnchorEnd(input.anchorStart, PAPER_FRAGMENT) || !decodeAnchorEnd(input.anchorEnd, PAPER_FRAGMENT)) {
		throw new FieldError('anchor', 'comments.error.anchor');
	}
	const quote = quoteOf(await documentState(), input) ?? clientQuote(input.quotedText);
	if (!quote) throw new FieldError('anchor', 'comments.error.anchor');

	const organisationId = commentAudience(author, paper);
	const scope: CommentScope = { paper, authorId: author.id, organisationId };
	const readers = await paperReaders(db, paper);
	const result = await db.transaction().execute(async (trx) => {
		await checkRate(trx, author.id);
		const thread = await trx
			.insertInto('comment_threads')
			.values({
				paper_id: paper.id,
				anchor_start: input.anchorStart,
				anchor_end: input.anchorEnd,
				quoted_text: quote,
				organisation_id: organisationId,
				created_by: author.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const comment = await trx
			.insertInto('comments')
			.values({ thread_id: thread.id, author_id: author.id, organisation_id: organisationId, body })
			.returning('id')
			.executeTakeFirstOrThrow();
		const mentions = mentioned(body, readers, scope, author.id);
		await storeMentions(trx, comment.id, mentions);
		await audit(trx, { actorId: author.id, action: 'comment.create', objectType: 'comment_thread', objectId: thread.id, details: { paperId: paper.id, commentId: comment.id, newThread: true } });
		const payload = { threadId: thread.id, paperTitle: paper.title, author: author.name, excerpt: excerpt(body), quote: excerpt(quote) };
		const link = threadLink(paper.id, thread.id);
		await notify(trx, { personIds: mentions, kind: 'comment.mention', paperId: paper.id, link, payload });
		// A new thread reaches the paper's committee (those who may read it), once.
		const committee = readers.filter((r) => r.committees.has(paper.committeeId) && r.id !== author.id && !mentions.includes(r.id) && can(r, 'comment.read', scope));
		await notify(trx, { personIds: committee.map((r) => r.id), kind: 'comment.thread', paperId: paper.id, link, payload });
		return { threadId: thread.id, commentId: comment.id };
	});
	publish(paper.id, { type: 'changed', threadId: result.threadId });
	return result;
}

function quoteOf(state: Uint8Array, input: NewThreadInput): string | null {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		const fragment = doc.getXmlFragment(PAPER_FRAGMENT);
		const range = new AnchorResolver(doc, fragment, leafPredicate(paperSchema())).resolve({ start: input.anchorStart, end: input.anchorEnd });
		if (!range) return null;
		const text = passageText(yXmlFragmentToProseMirrorRootNode(fragment, paperSchema()), range.from, range.to).trim();
		return text || null;
	} finally {
		doc.destroy();
	}
}

function clientQuote(text: string | undefined): string | null {
	// eslint-disable-next-line no-control-regex
	const clean = (text ?? '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
	if (!clean) return null;
	return clean.length > MAX_QUOTE_LENGTH ? `${clean.slice(0, MAX_QUOTE_LENGTH - 1)}…` : clean;
}

interface ThreadRow {
	id: string;
	paper_id: string;
	created_by: string | null;
	organisation_id: string | null;
	resolved_at: Date | null;
}

async function threadWithPaper(db: Kysely<DB>, threadId: string): Promise<{ thread: ThreadRow; paper: PaperInfo; scope: CommentScope }> {
	if (!isUuid(threadId)) throw new NotFoundError('thread');
	const thread = await db
		.selectFrom('comment_threads')
		.select(['id', 'paper_id', 'created_by', 'organisation_id', 'resolved_at'])
		.where('id', '=', threadId)
		.executeTakeFirst();
	if (!thread) throw new NotFoundError('thread');
	const paper = await paperInfo(db, thread.paper_id);
	return { thread, paper, scope: { paper, authorId: thread.created_by, organisationId: thread.organisation_id } };
}

/** Policy first, but a thread one may not read does not exist for them. */
function mustSee(actor: Actor | null, scope: CommentScope): void {
	if (!can(actor, 'comment.read', scope)) throw new NotFoundError('thread');
}

export async function reply(db: Kysely<DB>, actor: Actor | null, input: { threadId: string; body: string }): Promise<{ commentId: number }> {
	const { thread, paper, scope } = await threadWithPaper(db, input.threadId);
	mustSee(actor, scope);
	authorize(actor, 'comment.reply', scope);
	const author = actor!;
	const body = cleanBody(input.body);
	const organisationId = commentAudience(author, paper);
	const ownScope: CommentScope = { paper, authorId: author.id, organisationId };
	const readers = await paperReaders(db, paper);
	const result = await db.transaction().execute(async (trx) => {
		await checkRate(trx, author.id);
		const comment = await trx
			.insertInto('comments')
			.values({ thread_id: thread.id, author_id: author.id, organisation_id: organisationId, body })
			.returning('id')
			.executeTakeFirstOrThrow();
		// Whoever may read both the thread and this reply may be mentioned and notified.
		const canSee = (r: Actor) => can(r, 'comment.read', scope) && can(r, 'comment.read', ownScope);
		const mentions = mentioned(body, readers.filter(canSee), ownScope, author.id);
		await storeMentions(trx, comment.id, mentions);
		await audit(trx, { actorId: author.id, action: 'comment.create', objectType: 'comment_thread', objectId: thread.id, details: { paperId: paper.id, commentId: comment.id } });
		const participants = await trx.selectFrom('comments').select('author_id').distinct().where('thread_id', '=', thread.id).where('author_id', 'is not', null).execute();
		const taking = new Set([thread.created_by, ...participants.map((p) => p.author_id)]);
		const payload = { threadId: thread.id, paperTitle: paper.title, author: author.name, excerpt: excerpt(body) };
		const link = threadLink(paper.id, thread.id);
		await notify(trx, { personIds: mentions, kind: 'comment.mention', paperId: paper.id, link, payload });
		const others = readers.filter((r) => taking.has(r.id) && r.id !== author.id && !mentions.includes(r.id) && canSee(r));
		await notify(trx, { personIds: others.map((r) => r.id), kind: 'comment.reply', paperId: paper.id, link, payload });
		return { commentId: comment.id };
	});
	publish(paper.id, { type: 'changed', threadId: thread.id });
	return result;
}

async function commentWithThread(db: Kysely<DB>, actor: Actor | null, commentId: number) {
	if (!Number.isSafeInteger(commentId) || commentId <= 0) throw new NotFoundError('comment');
	const comment = await db
		.selectFrom('comments')
		.select(['id', 'thread_id', 'author_id', 'organisation_id', 'body', 'deleted_at'])
		.where('id', '=', commentId)
		.executeTakeFirst();
	if (!comment) throw new NotFoundError('comment');
	const { thread, paper, scope } = await threadWithPaper(db, comment.thread_id);
	const own: CommentScope = { paper, authorId: comment.author_id, organisationId: comment.organisation_id };
	mustSee(actor, scope);
	if (!can(actor, 'comment.read', own)) throw new NotFoundError('comment');
	return { comment, thread, paper, scope, own };
}

/** Changes one's own comment; people newly mentioned are notified, earlier ones not again. */
export async function editComment(db: Kysely<DB>, actor: Actor | null, input: { commentId: number; body: string }): Promise<void> {
	const { comment, thread, paper, scope, own } = await commentWithThread(db, actor, input.commentId);
	authorize(actor, 'comment.edit', own);
	const author = actor!;
	if (comment.deleted_at) throw new FieldError('body', 'comments.error.deleted');
	const body = cleanBody(input.body);
	if (body === comment.body) return;
	const readers = (await paperReaders(db, paper)).filter((r) => can(r, 'comment.read', scope));
	await db.transaction().execute(async (trx) => {
		const updated = await trx
			.updateTable('comments')
			.set({ body, edited_at: new Date() })
			.where('id', '=', comment.id)
			.where('deleted_at', 'is', null)
			.executeTakeFirst();
		if (!updated.numUpdatedRows) throw new FieldError('body', 'comments.error.deleted');
		const before = new Set((await trx.selectFrom('comment_mentions').select('person_id').where('comment_id', '=', comment.id).execute()).map((m) => m.person_id));
		const mentions = mentioned(body, readers, own, author.id);
		await storeMentions(trx, comment.id, mentions);
		await audit(trx, { actorId: author.id, action: 'comment.edit', objectType: 'comment', objectId: String(comment.id), details: { paperId: paper.id, threadId: thread.id } });
		const fresh = mentions.filter((id) => !before.has(id));
		await notify(trx, {
			personIds: fresh,
			kind: 'comment.mention',
			paperId: paper.id,
			link: threadLink(paper.id, thread.id),
			payload: { threadId: thread.id, paperTitle: paper.title, author: author.name, excerpt: excerpt(body) }
		});
	});
	publish(paper.id, { type: 'changed', threadId: thread.id });
}

/**
 * Deletes one's own comment. Where later comments follow, it stays as an empty "deleted" marker
 * so that the replies keep their context; at the end of a thread it goes, and a thread left with
 * nothing but markers goes too.
 */
export async function deleteComment(db: Kysely<DB>, actor: Actor | null, input: { commentId: number }): Promise<{ threadDeleted: boolean }> {
	const { comment, thread, paper, own } = await commentWithThread(db, actor, input.commentId);
	authorize(actor, 'comment.delete', own);
	if (comment.deleted_at) return { threadDeleted: false };
	const result = await db.transaction().execute(async (trx) => {
		await trx.updateTable('comments').set({ body: '', deleted_at: new Date(), edited_at: null }).where('id', '=', comment.id).execute();
		await trx.deleteFrom('comment_mentions').where('comment_id', '=', comment.id).execute();
		const lastLive = await trx
			.selectFrom('comments')
			.select((eb) => eb.fn.max('id').as('id'))
			.where('thread_id', '=', thread.id)
			.where('deleted_at', 'is', null)
			.executeTakeFirst();
		const keepThrough = Number(lastLive?.id ?? 0);
		await trx.deleteFrom('comments').where('thread_id', '=', thread.id).where('deleted_at', 'is not', null).where('id', '>', keepThrough).execute();
		const threadDeleted = keepThrough === 0;
		if (threadDeleted) await trx.deleteFrom('comment_threads').where('id', '=', thread.id).execute();
		await audit(trx, {
			actorId: actor!.id,
			action: 'comment.delete',
			objectType: 'comment',
			objectId: String(comment.id),
			details: { paperId: paper.id, threadId: thread.id, threadDeleted }
		});
		return { threadDeleted };
	});
	publish(paper.id, { type: 'changed', threadId: thread.id });
	return result;
}

/** Resolves or reopens a thread; asking for the state it already has changes nothing. */
export async function setResolved(db: Kysely<DB>, actor: Actor | null, input: { threadId: string; resolved: boolean }): Promise<void> {
	const { thread, paper, scope } = await threadWithPaper(db, input.threadId);
	mustSee(actor, scope);
	authorize(actor, 'comment.resolve', scope);
	if (!!thread.resolved_at === input.resolved) return;
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('comment_threads')
			.set(input.resolved ? { resolved_at: new Date(), resolved_by: actor!.id } : { resolved_at: null, resolved_by: null })
			.where('id', '=', thread.id)
			.execute();
		await audit(trx, { actorId: actor!.id, action: input.resolved ? 'comment.resolve' : 'comment.reopen', objectType: 'comment_thread', objectId: thread.id, details: { paperId: paper.id } });
	});
	publish(paper.id, { type: 'changed', threadId: thread.id });
}

export interface PersonRef {
	id: string;
	name: string;
}

export interface CommentView {
	id: number;
	author: PersonRef | null;
	body: string;
	/** names written as @mentions in the body, to set them apart */
	mentions: string[];
	createdAt: string;
	editedAt: string | null;
	deleted: boolean;
	can: { edit: boolean; delete: boolean };
}

export interface ThreadView {
	id: string;
	/** base64 of the encoded relative positions, for the browser's own resolution */
	anchor: { start: string; end: string };
	/** the passage in the current document; null: the passage is gone (detached) */
	range: ResolvedRange;
	quotedText: string;
	createdBy: PersonRef | null;
	createdAt: string;
	resolved: { at: string; by: PersonRef | null } | null;
	/** the organisation a restricted thread is for (a representative's, during a ballot) */
	organisation: string | null;
	comments: CommentView[];
	can: { reply: boolean; resolve: boolean };
}

/**
 * The threads of a paper the actor may read, in the order of their passages in the given
 * document state (detached ones last), each with what the actor may do with it.
 */
export async function listThreads(db: Kysely<DB>, actor: Actor | null, paperId: string, state: Uint8Array | null): Promise<ThreadView[]> {
	const paper = await paperInfo(db, paperId);
	authorize(actor, 'comment.list', paper);
	const threads = await db
		.selectFrom('comment_threads as t')
		.leftJoin('people as c', 'c.id', 't.created_by')
		.leftJoin('people as r', 'r.id', 't.resolved_by')
		.leftJoin('organisations as o', 'o.id', 't.organisation_id')
		.select([
			't.id',
			't.anchor_start',
			't.anchor_end',
			't.quoted_text',
			't.organisation_id',
			't.created_by',
			't.created_at',
			't.resolved_at',
			't.resolved_by',
			'c.name as created_by_name',
			'r.name as resolved_by_name',
			'o.name as organisation_name'
		])
		.where('t.paper_id', '=', paper.id)
		.orderBy('t.created_at')
		.execute();
	const visible = threads.filter((t) => can(actor, 'comment.read', { paper, authorId: t.created_by, organisationId: t.organisation_id }));
	if (!visible.length) return [];
	const [comments, mentions] = await Promise.all([
		db
			.selectFrom('comments as m')
			.leftJoin('people as a', 'a.id', 'm.author_id')
			.select(['m.id', 'm.thread_id', 'm.author_id', 'm.organisation_id', 'm.body', 'm.created_at', 'm.edited_at', 'm.deleted_at', 'a.name as author_name'])
			.where('m.thread_id', 'in', visible.map((t) => t.id))
			.orderBy('m.id')
			.execute(),
		db
			.selectFrom('comment_mentions as cm')
			.innerJoin('comments as m', 'm.id', 'cm.comment_id')
			.innerJoin('people as p', 'p.id', 'cm.person_id')
			.select(['cm.comment_id', 'p.name'])
			.where('m.thread_id', 'in', visible.map((t) => t.id))
			.execute()
	]);
	const namesOf = new Map<number, string[]>();
	for (const m of mentions) namesOf.set(m.comment_id, [...(namesOf.get(m.comment_id) ?? []), m.name]);

	const resolver = state ? documentResolver(state) : null;
	try {
		const views = visible.map((t): ThreadView => {
			const scope: CommentScope = { paper, authorId: t.created_by, organisationId: t.organisation_id };
			const own = comments.filter((c) => c.thread_id === t.id && can(actor, 'comment.read', { paper, authorId: c.author_id, organisationId: c.organisation_id }));
			return {
				id: t.id,
				anchor: { start: anchorToBase64(t.anchor_start), end: anchorToBase64(t.anchor_end) },
				range: resolver ? resolver.resolve({ start: t.anchor_start, end: t.anchor_end }) : null,
				quotedText: t.quoted_text,
				createdBy: t.created_by ? { id: t.created_by, name: t.created_by_name ?? '' } : null,
				createdAt: new Date(t.created_at).toISOString(),
				resolved: t.resolved_at ? { at: new Date(t.resolved_at).toISOString(), by: t.resolved_by ? { id: t.resolved_by, name: t.resolved_by_name ?? '' } : null } : null,
				organisation: t.organisation_id ? (t.organisation_name ?? '') : null,
				can: { reply: can(actor, 'comment.reply', scope), resolve: can(actor, 'comment.resolve', scope) },
				comments: own.map((c) => {
					const cs: CommentScope = { paper, authorId: c.author_id, organisationId: c.organisation_id };
					const live = !c.deleted_at;
					return {
						id: c.id,
						author: c.author_id ? { id: c.author_id, name: c.author_name ?? '' } : null,
						body: live ? c.body : '',
						mentions: live ? (namesOf.get(c.id) ?? []) : [],
						createdAt: new Date(c.created_at).toISOString(),
						editedAt: c.edited_at ? new Date(c.edited_at).toISOString() : null,
						deleted: !live,
						can: { edit: live && can(actor, 'comment.edit', cs), delete: live && can(actor, 'comment.delete', cs) }
					};
				})
			};
		});
		return byPassage(views, (v) => v.range);
	} finally {
		resolver?.destroy();
	}
}

function documentResolver(state: Uint8Array) {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	const resolver = new AnchorResolver(doc, doc.getXmlFragment(PAPER_FRAGMENT), leafPredicate(paperSchema()));
	return { resolve: resolver.resolve.bind(resolver), destroy: () => doc.destroy() };
}

/** People who may read the paper and whose names match the query: the @mention completion. */
export async function mentionCandidates(db: Kysely<DB>, actor: Actor | null, paperId: string, query: string, limit = 8): Promise<PersonRef[]> {
	const paper = await paperInfo(db, paperId);
	authorize(actor, 'comment.create', paper);
	const q = query.trim().toLocaleLowerCase('de');
	const readers = await paperReaders(db, paper);
	return readers
		.filter((r) => r.id !== actor!.id && (!q || r.name.toLocaleLowerCase('de').split(/\s+/).some((w) => w.startsWith(q)) || r.name.toLocaleLowerCase('de').startsWith(q)))
		.slice(0, limit)
		.map((r) => ({ id: r.id, name: r.name }));
}
