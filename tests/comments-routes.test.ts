// The comment endpoints as the browser meets them: anonymous, forbidden and allowed; the JSON
// shapes; the event stream that tells open pages to fetch again (and lets go when they leave).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { useTestDatabase, type TestDatabase } from './helpers/db.ts';
import { cast } from './helpers/fixtures.ts';
import type { Actor } from '../server/people/actor.ts';
import type { PaperStatus } from '../server/db/schema.ts';
import { paperSchema, paperStateFromJSON } from '../server/papers/document-content.ts';
import { PAPER_FRAGMENT } from '../server/papers/document-schema.ts';
import { anchorFromRange, anchorToBase64, leafPredicate } from '../server/comments/anchors.ts';
import { listenerCount } from '../server/comments/events.ts';
import * as threadsRoute from '../src/routes/papers/[id]/comments/threads/+server.ts';
import * as peopleRoute from '../src/routes/papers/[id]/comments/people/+server.ts';
import * as eventsRoute from '../src/routes/papers/[id]/comments/events/+server.ts';

let handle: TestDatabase;
let people: Awaited<ReturnType<typeof cast>>;

beforeAll(async () => {
	handle = await useTestDatabase();
	people = await cast(handle.db);
});
afterAll(() => handle.close());

const CONTENT = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Gute Bildung für alle Kinder.' }] }] };

async function newPaper(status: PaperStatus = 'draft') {
	const { id } = await handle.db
		.insertInto('papers')
		.values({ committee_id: people.committee.id, title: 'Routen', type: 'statement', status, updated_at: new Date() })
		.returning('id')
		.executeTakeFirstOrThrow();
	const state = paperStateFromJSON(CONTENT);
	await handle.db.insertInto('paper_documents').values({ paper_id: id, state, updated_at: new Date() }).execute();
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	// "Bildung": text offsets 5..12, one further in for the paragraph's opening.
	const anchor = anchorFromRange(doc.getXmlFragment(PAPER_FRAGMENT), 6, 13, leafPredicate(paperSchema()));
	return { id, anchor: { anchorStart: anchorToBase64(anchor.start), anchorEnd: anchorToBase64(anchor.end) } };
}

type Handler = (event: never) => Promise<Response>;

/** Calls a route handler as SvelteKit would; an error() it throws comes back as its status. */
async function call(handler: Handler, actor: Actor | null, paperId: string, init: { method?: string; body?: unknown; contentType?: string; query?: string; signal?: AbortSignal } = {}) {
	const url = new URL(`http://localhost/papers/${paperId}/comments/x${init.query ?? ''}`);
	const request = new Request(url, {
		method: init.method ?? 'GET',
		headers: init.body !== undefined ? { 'content-type': init.contentType ?? 'application/json' } : {},
		body: init.body !== undefined ? (typeof init.body === 'string' ? init.body : JSON.stringify(init.body)) : undefined,
		signal: init.signal
	});
	const event = { params: { id: paperId }, locals: { actor, locale: 'de', sessionId: null }, url, request };
	try {
		return await handler(event as never);
	} catch (err) {
		const status = (err as { status?: number }).status;
		if (typeof status === 'number') return new Response(null, { status });
		throw err;
	}
}

describe('GET threads', () => {
	it('answers 401 signed out, 403 to someone who may not read the paper, the threads to a reader', async () => {
		const paper = await newPaper();
		expect((await call(threadsRoute.GET as Handler, null, paper.id)).status).toBe(401);
		expect((await call(threadsRoute.GET as Handler, people.member, paper.id)).status).toBe(403);
		expect((await call(threadsRoute.GET as Handler, people.delegate, '00000000-0000-0000-0000-000000000000')).status).toBe(404);
		const res = await call(threadsRoute.GET as Handler, people.delegate, paper.id);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(await res.json()).toEqual({ threads: [], canComment: true, status: 'draft' });
	});
});

describe('POST threads', () => {
	it('starts a thread on the passage, quoting the server document', async () => {
		const paper = await newPaper();
		const res = await call(threadsRoute.POST as Handler, people.delegate, paper.id, { method: 'POST', body: { ...paper.anchor, quotedText: 'x', body: 'Genauer, bitte.' } });
		expect(res.status).toBe(201);
		const { threadId } = await res.json();
		const list = await (await call(threadsRoute.GET as Handler, people.chair, paper.id)).json();
		expect(list.threads).toHaveLength(1);
		expect(list.threads[0]).toMatchObject({ id: threadId, quotedText: 'Bildung', range: { from: 6, to: 13 } });
	});

	it('refuses the signed out, the forbidden, read-only statuses, bad anchors and other content types, with message keys', async () => {
		const paper = await newPaper();
		const ok = { ...paper.anchor, body: 'Hallo' };
		const post = (actor: Actor | null, body: unknown, contentType?: string, id = paper.id) => call(threadsRoute.POST as Handler, actor, id, { method: 'POST', body, contentType });
		const anonymous = await post(null, ok);
		expect(anonymous.status).toBe(401);
		expect(await anonymous.json()).toEqual({ error: { field: 'form', key: 'error.unauthorized' } });
		const member = await post(people.member, ok);
		expect(member.status).toBe(403);
		expect(await member.json()).toEqual({ error: { field: 'form', key: 'comments.error.forbidden' } });
		const adopted = await newPaper('adopted');
		expect((await post(people.chair, ok, undefined, adopted.id)).status).toBe(403);
		const bad = await post(people.chair, { ...ok, anchorStart: 'nonsense!' });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toEqual({ error: { field: 'anchor', key: 'comments.error.anchor' } });
		const long = await post(people.chair, { ...ok, body: 'x'.repeat(5001) });
		expect(await long.json()).toEqual({ error: { field: 'body', key: 'comments.error.tooLong' } });
		expect((await post(people.chair, 'body=Hallo', 'application/x-www-form-urlencoded')).status).toBe(415);
		expect((await post(people.chair, '{not json', 'application/json')).status).toBe(400);
		const list = await (await call(threadsRoute.GET as Handler, people.chair, paper.id)).json();
		expect(list.threads).toEqual([]);
	});
});

describe('GET people', () => {
	it('completes the names of the paper’s readers for those who may comment', async () => {
		const paper = await newPaper();
		const res = await call(peopleRoute.GET as Handler, people.delegate, paper.id, { query: `?q=${encodeURIComponent(people.chair.name.slice(0, 8))}` });
		expect(res.status).toBe(200);
		expect((await res.json()).people.map((p: { id: string }) => p.id)).toContain(people.chair.id);
		expect((await call(peopleRoute.GET as Handler, people.member, paper.id)).status).toBe(403);
		expect((await call(peopleRoute.GET as Handler, null, paper.id)).status).toBe(401);
	});
});

describe('GET events', () => {
	it('is refused to those who may not read the paper', async () => {
		const paper = await newPaper();
		expect((await call(eventsRoute.GET as Handler, null, paper.id)).status).toBe(401);
		expect((await call(eventsRoute.GET as Handler, people.member, paper.id)).status).toBe(403);
	});

	it('says "changed" when a comment arrives, and stops listening when the page goes', async () => {
		const paper = await newPaper();
		const leave = new AbortController();
		const res = await call(eventsRoute.GET as Handler, people.chair, paper.id, { signal: leave.signal });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const reader = res.body!.getReader();
		const decoder = new TextDecoder();
		const next = async () => decoder.decode((await reader.read()).value);
		expect(await next()).toContain('retry:');
		expect(listenerCount(paper.id)).toBe(1);
		await call(threadsRoute.POST as Handler, people.delegate, paper.id, { method: 'POST', body: { ...paper.anchor, body: 'Neu' } });
		const message = await next();
		expect(message).toBe('event: changed\ndata: {}\n\n');
		leave.abort();
		expect(listenerCount(paper.id)).toBe(0);
		expect((await reader.read()).done).toBe(true);
	});
});
