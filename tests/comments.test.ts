// Comment threads against a real database: the commands with the policy for each action and
// status, notifications, representatives' scoped comments, deletion markers, limits, and text that
// tries to be markup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { cast, newOrganisation, newPerson } from './helpers/fixtures.ts';
import type { Actor } from '../server/people/actor.ts';
import type { PaperStatus } from '../server/db/schema.ts';
import { PolicyError } from '../server/policy.ts';
import { FieldError, NotFoundError } from '../server/errors.ts';
import { listNotifications } from '../server/notifications/notifications.ts';
import { paperNodeOfDoc, paperSchema, writePaperContent } from '../server/papers/document-content.ts';
import { PAPER_FRAGMENT } from '../server/papers/document-schema.ts';
import { anchorFromRange, leafPredicate, type Anchor } from '../server/comments/anchors.ts';
import {
	COMMENTS_PER_MINUTE,
	MAX_COMMENT_LENGTH,
	createThread,
	deleteComment,
	editComment,
	listThreads,
	mentionCandidates,
	reply,
	setResolved
} from '../server/comments/comments.ts';
import { subscribe } from '../server/comments/events.ts';
import { segments } from '../server/comments/text.ts';

let handle: TestDatabase;
let db: TestDatabase['db'];

beforeAll(async () => {
	handle = await createTestDatabase();
	db = handle.db;
});
afterAll(() => handle.close());

const CONTENT = {
	type: 'doc',
	content: [
		{ type: 'paragraph', content: [{ type: 'text', text: 'Wir fordern gebührenfreie Kitas in jedem Bundesland.' }] },
		{ type: 'paragraph', content: [{ type: 'text', text: 'Sprachförderung beginnt früh.' }] }
	]
};

/** A paper of the committee in the given status, with a live Yjs document beside it. */
async function newPaper(committeeId: string, status: PaperStatus = 'draft') {
	const { id } = await db
		.insertInto('papers')
		.values({ committee_id: committeeId, title: `Papier ${Math.random().toString(36).slice(2, 7)}`, type: 'position_paper', status, updated_at: new Date() })
		.returning('id')
		.executeTakeFirstOrThrow();
	const doc = new Y.Doc();
	writePaperContent(doc, CONTENT);
	const state = async () => Y.encodeStateAsUpdate(doc);
	return { id, doc, state };
}

type Paper = Awaited<ReturnType<typeof newPaper>>;

function anchorOn(doc: Y.Doc, needle: string): Anchor {
	const node = paperNodeOfDoc(doc);
	let range: { from: number; to: number } | undefined;
	node.descendants((n, pos) => {
		const i = n.isText ? n.text!.indexOf(needle) : -1;
		if (i >= 0 && !range) range = { from: pos + i, to: pos + i + needle.length };
		return !range;
	});
	return anchorFromRange(doc.getXmlFragment(PAPER_FRAGMENT), range!.from, range!.to, leafPredicate(paperSchema()));
}

function startThread(paper: Paper, actor: Actor | null, body = 'Das sollten wir genauer fassen.', needle = 'gebührenfreie Kitas') {
	const anchor = anchorOn(paper.doc, needle);
	return createThread(db, actor, { paperId: paper.id, anchorStart: anchor.start, anchorEnd: anchor.end, quotedText: needle, body }, paper.state);
}

async function list(paper: Paper, actor: Actor | null) {
	return listThreads(db, actor, paper.id, await paper.state());
}

const kinds = async (person: Actor) => (await listNotifications(db, person.id)).map((n) => n.kind);

/** Whether the call was allowed (true), refused by the policy (false), or failed otherwise (throws). */
async function allowed(work: () => Promise<unknown>): Promise<boolean> {
	try {
		await work();
		return true;
	} catch (err) {
		if (err instanceof PolicyError || err instanceof NotFoundError) return false;
		throw err;
	}
}

describe('a thread on a passage', () => {
	it('is listed with its passage, the quote, and what the reader may do', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const { threadId } = await startThread(paper, people.delegate);
		const [thread] = await list(paper, people.chair);
		expect(thread.id).toBe(threadId);
		expect(thread.quotedText).toBe('gebührenfreie Kitas');
		expect(paperNodeOfDoc(paper.doc).textBetween(thread.range!.from, thread.range!.to)).toBe('gebührenfreie Kitas');
		expect(thread.createdBy?.name).toBe(people.delegate.name);
		expect(thread.organisation).toBeNull();
		expect(thread.comments).toHaveLength(1);
		expect(thread.comments[0]).toMatchObject({ body: 'Das sollten wir genauer fassen.', deleted: false, can: { edit: false, delete: false } });
		expect(thread.can).toEqual({ reply: true, resolve: true });
		const [own] = await list(paper, people.delegate);
		expect(own.comments[0].can).toEqual({ edit: true, delete: true });
	});

	it('quotes the passage from the server document, not what the browser claims', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const anchor = anchorOn(paper.doc, 'Sprachförderung');
		await createThread(db, people.chair, { paperId: paper.id, anchorStart: anchor.start, anchorEnd: anchor.end, quotedText: 'etwas anderes', body: 'Ja.' }, paper.state);
		expect((await list(paper, people.chair))[0].quotedText).toBe('Sprachförderung');
	});

	it('keeps the browser quote when the server has not seen the passage yet', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const ahead = new Y.Doc();
		Y.applyUpdate(ahead, await paper.state());
		((ahead.getXmlFragment(PAPER_FRAGMENT).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Ganz neu: ');
		const anchor = anchorOn(ahead, 'Ganz neu');
		await createThread(db, people.chair, { paperId: paper.id, anchorStart: anchor.start, anchorEnd: anchor.end, quotedText: 'Ganz neu', body: 'Schnell kommentiert.' }, paper.state);
		// the update arrives: the thread attaches to its passage
		Y.applyUpdate(paper.doc, Y.encodeStateAsUpdate(ahead));
		const [thread] = await list(paper, people.chair);
		expect(thread.quotedText).toBe('Ganz neu');
		expect(paperNodeOfDoc(paper.doc).textBetween(thread.range!.from, thread.range!.to)).toBe('Ganz neu');
	});

	it('is refused with a clear message when the anchors are garbage', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const bad = new Uint8Array([7, 7, 7]);
		await expect(createThread(db, people.chair, { paperId: paper.id, anchorStart: bad, anchorEnd: bad, body: 'x' }, paper.state)).rejects.toMatchObject({ field: 'anchor', key: 'comments.error.anchor' });
	});

	it('is ordered by passage, and detached (with its quote) when the passage is deleted whole', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const second = await startThread(paper, people.delegate, 'Zweiter Absatz', 'Sprachförderung');
		const first = await startThread(paper, people.chair, 'Erster Absatz', 'gebührenfreie');
		expect((await list(paper, people.chair)).map((t) => t.id)).toEqual([first.threadId, second.threadId]);
		const text = (paper.doc.getXmlFragment(PAPER_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText;
		text.delete('Wir fordern '.length, 'gebührenfreie'.length);
		const threads = await list(paper, people.chair);
		expect(threads.map((t) => t.id)).toEqual([second.threadId, first.threadId]);
		expect(threads[1].range).toBeNull();
		expect(threads[1].quotedText).toBe('gebührenfreie');
		expect(threads[1].comments[0].body).toBe('Erster Absatz');
	});

	it('tells the open pages of the paper', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const heard: unknown[] = [];
		const stop = subscribe(paper.id, (e) => heard.push(e));
		const { threadId } = await startThread(paper, people.delegate);
		await reply(db, people.chair, { threadId, body: 'Einverstanden.' });
		await setResolved(db, people.chair, { threadId, resolved: true });
		stop();
		await setResolved(db, people.chair, { threadId, resolved: false });
		expect(heard).toEqual([
			{ type: 'changed', threadId },
			{ type: 'changed', threadId },
			{ type: 'changed', threadId }
		]);
	});
});

describe('notifications', () => {
	it('a new thread reaches the committee; a reply the thread’s participants; a mention the mentioned', async () => {
		const people = await cast(db);
		const delegate2 = await newPerson(db, { name: 'Zora Zweite', committees: [{ committeeId: people.committee.id, role: 'delegate' }] });
		const paper = await newPaper(people.committee.id);
		const { threadId } = await startThread(paper, people.delegate);
		expect(await kinds(people.chair)).toEqual(['comment.thread']);
		expect(await kinds(delegate2)).toEqual(['comment.thread']);
		expect(await kinds(people.delegate)).toEqual([]);
		expect(await kinds(people.policyOfficer)).toEqual([]);
		expect(await kinds(people.otherChair)).toEqual([]);

		await reply(db, delegate2, { threadId, body: `Guter Punkt, @${people.policyOfficer.name}: was meinen Sie?` });
		expect(await kinds(people.delegate)).toEqual(['comment.reply']);
		expect(await kinds(people.policyOfficer)).toEqual(['comment.mention']);
		// the chair took no part: no notification for the reply
		expect(await kinds(people.chair)).toEqual(['comment.thread']);

		const [mention] = await listNotifications(db, people.policyOfficer.id);
		expect(mention.link).toBe(`/papers/${paper.id}#thread-${threadId}`);
		expect(mention.paper_id).toBe(paper.id);
		expect(mention.payload).toMatchObject({ threadId, author: 'Zora Zweite' });

		// a mention of someone who took part is a mention, not also a reply
		await reply(db, people.policyOfficer, { threadId, body: `@${people.delegate.name} @Zora Zweite: so?` });
		expect(await kinds(people.delegate)).toEqual(['comment.mention', 'comment.reply']);
		expect(await kinds(delegate2)).toEqual(['comment.mention', 'comment.thread']);
		const [thread] = await list(paper, people.chair);
		expect(thread.comments[2].mentions.sort()).toEqual([people.delegate.name, 'Zora Zweite'].sort());
	});

	it('mentions only people who may read the paper, and notifies a new mention after an edit once', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const { threadId } = await startThread(paper, people.chair, `@${people.member.name} @${people.otherChair.name} bitte ansehen`);
		expect(await kinds(people.member)).toEqual([]);
		expect(await kinds(people.otherChair)).toEqual([]);
		const { commentId } = await reply(db, people.chair, { threadId, body: 'Nachtrag' });
		await editComment(db, people.chair, { commentId, body: `Nachtrag für @${people.admin.name}` });
		await editComment(db, people.chair, { commentId, body: `Nachtrag für @${people.admin.name}, korrigiert` });
		expect(await kinds(people.admin)).toEqual(['comment.mention']);
	});

	it('completes names of the paper’s readers, not the author, not disabled people', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const names = (await mentionCandidates(db, people.delegate, paper.id, '', 500)).map((p) => p.id);
		expect(names).toEqual(expect.arrayContaining([people.chair.id, people.policyOfficer.id, people.admin.id]));
		expect(names).not.toContain(people.delegate.id);
		expect(names).not.toContain(people.member.id);
		expect(names).not.toContain(people.representative.id);
		expect(names).not.toContain(people.disabled.id);
		const match = await mentionCandidates(db, people.delegate, paper.id, people.chair.name.split(' ')[1].slice(0, 3));
		expect(match.map((p) => p.id)).toContain(people.chair.id);
		await expect(mentionCandidates(db, people.member, paper.id, '')).rejects.toBeInstanceOf(PolicyError);
		const ballot = await newPaper(people.committee.id, 'ballot');
		expect((await mentionCandidates(db, people.delegate, ballot.id, '', 500)).map((p) => p.id)).toContain(people.representative.id);
	});
});

describe('who may do what, by status', () => {
	const statuses: PaperStatus[] = ['draft', 'finalisation', 'ballot', 'adopted', 'not_adopted', 'published', 'archived'];
	const roles = ['anonymous', 'member', 'delegate', 'chair', 'otherChair', 'representative', 'policyOfficer', 'admin', 'disabled'] as const;
	const writers: Partial<Record<PaperStatus, string[]>> = {
		draft: ['delegate', 'chair', 'policyOfficer', 'admin'],
		finalisation: ['delegate', 'chair', 'policyOfficer', 'admin'],
		ballot: ['delegate', 'chair', 'policyOfficer', 'admin', 'representative']
	};

	for (const status of statuses) {
		it(`in ${status}: start threads, reply, resolve, edit and delete as the policy says`, async () => {
			const people = await cast(db);
			const paper = await newPaper(people.committee.id, status);
			// a thread from before, when the paper was a draft
			await db.updateTable('papers').set({ status: 'draft' }).where('id', '=', paper.id).execute();
			const { threadId, commentId } = await startThread(paper, people.delegate);
			await db.updateTable('papers').set({ status }).where('id', '=', paper.id).execute();
			const mayWrite = writers[status] ?? [];

			for (const role of roles) {
				const actor = people[role];
				expect(await allowed(() => startThread(paper, actor)), `${role} starts a thread`).toBe(mayWrite.includes(role));
				expect(await allowed(() => reply(db, actor, { threadId, body: 'Antwort' })), `${role} replies`).toBe(mayWrite.includes(role));
				const resolvers = mayWrite.filter((r) => r !== 'representative');
				expect(await allowed(() => setResolved(db, actor, { threadId, resolved: true })), `${role} resolves`).toBe(resolvers.includes(role));
				await db.updateTable('comment_threads').set({ resolved_at: null, resolved_by: null }).where('id', '=', threadId).execute();
				if (role !== 'delegate') {
					expect(await allowed(() => editComment(db, actor, { commentId, body: 'fremd' })), `${role} edits another's comment`).toBe(false);
					expect(await allowed(() => deleteComment(db, actor, { commentId })), `${role} deletes another's comment`).toBe(false);
				}
				const readers = await allowed(() => list(paper, actor));
				expect(readers, `${role} lists`).toBe(['delegate', 'chair', 'policyOfficer', 'admin'].includes(role) || (role === 'representative' && ['ballot', 'adopted', 'not_adopted', 'published'].includes(status)) || (status === 'published' && !['anonymous', 'disabled'].includes(role)));
			}
			expect(await allowed(() => editComment(db, people.delegate, { commentId, body: 'geändert' })), 'the author edits').toBe(mayWrite.length > 0);
			expect(await allowed(() => deleteComment(db, people.delegate, { commentId })), 'the author deletes').toBe(mayWrite.length > 0);
		});
	}

	it('a refused command leaves no trace', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const { threadId } = await startThread(paper, people.delegate);
		const before = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		await expect(reply(db, people.member, { threadId, body: 'x' })).rejects.toThrow();
		await expect(startThread(paper, people.otherChair)).rejects.toBeInstanceOf(PolicyError);
		const after = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
		expect((await list(paper, people.chair))[0].comments).toHaveLength(1);
	});
});

describe('representatives during a ballot', () => {
	it('write for the committee, the office and their own organisation only', async () => {
		const people = await cast(db);
		const otherOrg = await newOrganisation(db);
		const otherRep = await newPerson(db, { organisationId: otherOrg.id, representative: true });
		const colleague = await newPerson(db, { organisationId: people.organisation.id, representative: true });
		const paper = await newPaper(people.committee.id, 'ballot');
		const open = await startThread(paper, people.chair, 'Für alle sichtbar', 'Sprachförderung');
		const { threadId } = await startThread(paper, people.representative, `Unsere Sicht, @${otherRep.name} und @${people.chair.name}`);

		const seen = async (actor: Actor) => (await list(paper, actor)).map((t) => t.id);
		expect(await seen(people.chair)).toEqual([threadId, open.threadId]);
		expect(await seen(people.policyOfficer)).toEqual([threadId, open.threadId]);
		expect(await seen(colleague)).toEqual([threadId, open.threadId]);
		expect(await seen(otherRep)).toEqual([open.threadId]);
		const [scoped] = await list(paper, people.chair);
		expect(scoped.organisation).toBe(people.organisation.name);
		// the other organisation's representative was not mentioned; the chair was
		expect(await kinds(otherRep)).toEqual([]);
		expect(await kinds(people.chair)).toContain('comment.mention');
		// nor can they reply to it or find it by id
		await expect(reply(db, otherRep, { threadId, body: 'x' })).rejects.toBeInstanceOf(NotFoundError);

		// a representative's reply in an open thread stays hidden from other organisations
		await reply(db, people.representative, { threadId: open.threadId, body: 'Nur für den Ausschuss' });
		const byOther = (await list(paper, otherRep))[0];
		expect(byOther.comments.map((c) => c.body)).toEqual(['Für alle sichtbar']);
		expect((await list(paper, people.chair))[1].comments).toHaveLength(2);
		// the representative may resolve their own thread, not the chair's
		await setResolved(db, people.representative, { threadId, resolved: true });
		await expect(setResolved(db, people.representative, { threadId: open.threadId, resolved: true })).rejects.toBeInstanceOf(PolicyError);
	});
});

describe('editing and deleting', () => {
	it('a deleted comment others replied to stays as a marker; at the end it goes; a thread of markers goes', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const { threadId, commentId: first } = await startThread(paper, people.delegate, 'Erster');
		const { commentId: second } = await reply(db, people.chair, { threadId, body: 'Zweiter' });
		expect(await deleteComment(db, people.delegate, { commentId: first })).toEqual({ threadDeleted: false });
		let [thread] = await list(paper, people.chair);
		expect(thread.comments.map((c) => [c.deleted, c.body, c.author?.id])).toEqual([
			[true, '', people.delegate.id],
			[false, 'Zweiter', people.chair.id]
		]);
		expect(thread.comments[0].can).toEqual({ edit: false, delete: false });
		await expect(editComment(db, people.delegate, { commentId: first, body: 'zurück' })).rejects.toMatchObject({ key: 'comments.error.deleted' });

		const { commentId: third } = await reply(db, people.chair, { threadId, body: 'Dritter' });
		await deleteComment(db, people.chair, { commentId: third });
		[thread] = await list(paper, people.chair);
		expect(thread.comments.map((c) => c.id)).toEqual([first, second]);

		expect(await deleteComment(db, people.chair, { commentId: second })).toEqual({ threadDeleted: true });
		expect(await list(paper, people.chair)).toEqual([]);
		expect(await db.selectFrom('comments').select('id').where('thread_id', '=', threadId).execute()).toEqual([]);
	});

	it('edits mark the comment as edited and only the author may', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const { commentId } = await startThread(paper, people.delegate, 'Vorher');
		await expect(editComment(db, people.chair, { commentId, body: 'Nachher' })).rejects.toBeInstanceOf(PolicyError);
		await editComment(db, people.delegate, { commentId, body: 'Nachher' });
		const [thread] = await list(paper, people.chair);
		expect(thread.comments[0].body).toBe('Nachher');
		expect(thread.comments[0].editedAt).not.toBeNull();
	});

	it('resolving and reopening are idempotent and need the author, the chair or the policy officer', async () => {
		const people = await cast(db);
		const delegate2 = await newPerson(db, { committees: [{ committeeId: people.committee.id, role: 'delegate' }] });
		const paper = await newPaper(people.committee.id);
		const { threadId } = await startThread(paper, people.delegate);
		await expect(setResolved(db, delegate2, { threadId, resolved: true })).rejects.toBeInstanceOf(PolicyError);
		await setResolved(db, people.delegate, { threadId, resolved: true });
		await setResolved(db, people.chair, { threadId, resolved: true });
		let [thread] = await list(paper, delegate2);
		expect(thread.resolved?.by?.id).toBe(people.delegate.id);
		expect(thread.can.resolve).toBe(false);
		await setResolved(db, people.policyOfficer, { threadId, resolved: false });
		[thread] = await list(paper, delegate2);
		expect(thread.resolved).toBeNull();
	});
});

describe('limits', () => {
	it('refuses an empty or too long comment, also in the database', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		await expect(startThread(paper, people.chair, '   \n  ')).rejects.toMatchObject({ field: 'body', key: 'comments.error.empty' });
		await expect(startThread(paper, people.chair, 'x'.repeat(MAX_COMMENT_LENGTH + 1))).rejects.toMatchObject({ field: 'body', key: 'comments.error.tooLong' });
		const ok = await startThread(paper, people.chair, 'x'.repeat(MAX_COMMENT_LENGTH));
		await expect(
			db.updateTable('comments').set({ body: 'x'.repeat(MAX_COMMENT_LENGTH + 1) }).where('id', '=', ok.commentId).execute()
		).rejects.toThrow(/check/i);
		await expect(db.updateTable('comments').set({ body: ' ' }).where('id', '=', ok.commentId).execute()).rejects.toThrow(/check/i);
	});

	it(`refuses more than ${COMMENTS_PER_MINUTE} comments a minute per person, counting deleted ones`, async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const { threadId, commentId } = await startThread(paper, people.delegate);
		await deleteComment(db, people.delegate, { commentId });
		const { threadId: open } = await startThread(paper, people.chair, 'Offen');
		for (let i = 0; i < COMMENTS_PER_MINUTE - 1; i++) await reply(db, people.delegate, { threadId: open, body: `Nummer ${i}` });
		const error = await reply(db, people.delegate, { threadId: open, body: 'Eine zu viel' }).catch((e) => e);
		expect(error).toBeInstanceOf(FieldError);
		expect(error).toMatchObject({ field: 'body', key: 'comments.error.rate' });
		// others are not held back
		await reply(db, people.chair, { threadId: open, body: 'Ich darf noch' });
		// a minute later it works again
		await db.transaction().execute(async (trx) => {
			await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(trx);
			await sql`UPDATE audit_log SET at = at - interval '61 seconds' WHERE actor_id = ${people.delegate.id}`.execute(trx);
			await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(trx);
		});
		await reply(db, people.delegate, { threadId: open, body: 'Wieder möglich' });
		expect(threadId).toBeTruthy();
	});
});

describe('text that tries to be markup', () => {
	it('is stored and listed as the plain text it is', async () => {
		const people = await cast(db);
		const paper = await newPaper(people.committee.id);
		const attack = '<img src=x onerror=alert(1)> <script>alert(2)</script> [x](javascript:alert(3)) javascript:alert(4)';
		await startThread(paper, people.chair, attack);
		const [thread] = await list(paper, people.chair);
		expect(thread.comments[0].body).toBe(attack);
		expect(segments(thread.comments[0].body)).toEqual([{ kind: 'text', text: attack }]);
	});

	it('makes http and https links, nothing else', () => {
		expect(segments('Siehe https://bkmo.de/papiere?x=1&y=2. Und (http://example.org/a_(b)) oder javascript:alert(1)')).toEqual([
			{ kind: 'text', text: 'Siehe ' },
			{ kind: 'link', text: 'https://bkmo.de/papiere?x=1&y=2', href: 'https://bkmo.de/papiere?x=1&y=2' },
			{ kind: 'text', text: '. Und (' },
			{ kind: 'link', text: 'http://example.org/a_(b)', href: 'http://example.org/a_(b)' },
			{ kind: 'text', text: ') oder javascript:alert(1)' }
		]);
		expect(segments('https://x.org/"onmouseover="alert(1)')).toEqual([
			{ kind: 'link', text: 'https://x.org/', href: 'https://x.org/' },
			{ kind: 'text', text: '"onmouseover="alert(1)' }
		]);
		expect(segments('Hallo @Anna Maria, und @Anna.', ['Anna Maria', 'Anna'])).toEqual([
			{ kind: 'text', text: 'Hallo ' },
			{ kind: 'mention', text: '@Anna Maria' },
			{ kind: 'text', text: ', und ' },
			{ kind: 'mention', text: '@Anna' },
			{ kind: 'text', text: '.' }
		]);
	});
});
