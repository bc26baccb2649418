// Loading, storing, compaction, renderings and the documents.ts functions, through a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cast } from '../helpers/fixtures.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { changePaper, paperState } from '../../server/collab/documents.ts';
import { registry, shutdownCollab } from '../../server/collab/registry.ts';
import { CloseCode } from '../../server/collab/close-codes.ts';
import {
	addParagraph,
	closeCollabDatabase,
	connectClient,
	newPaper,
	paragraphs,
	rawSocket,
	sessionCookie,
	startCollabServer,
	useCollabDatabase,
	waitFor,
	type Client,
	type CollabServer
} from './helpers.ts';

const COMPACT_EVERY = 20;
let handle: TestDatabase;
let server: CollabServer;
let people: Awaited<ReturnType<typeof cast>>;
let delegateCookie: string;
const clients: Client[] = [];

beforeAll(async () => {
	handle = await useCollabDatabase({ compactEvery: COMPACT_EVERY });
	server = await startCollabServer();
	people = await cast(handle.db);
	delegateCookie = await sessionCookie(handle.db, people.delegate.id);
});
afterAll(async () => {
	for (const client of clients) client.destroy();
	await server.close();
	await closeCollabDatabase(handle);
});

function client(paperId: string, cookie = delegateCookie) {
	const c = connectClient(server, paperId, cookie);
	clients.push(c);
	return c;
}

function leave(...left: Client[]) {
	for (const c of left) c.destroy();
}

const unloaded = (paperId: string) => waitFor(() => !registry().peek(paperId), 5000, 'the unload');

async function stored(paperId: string) {
	const updates = await handle.db.selectFrom('paper_updates').select(['id', 'data']).where('paper_id', '=', paperId).execute();
	const document = await handle.db.selectFrom('paper_documents').selectAll().where('paper_id', '=', paperId).executeTakeFirst();
	return { updates, document };
}

function read(state: Uint8Array): string[] {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return paragraphs(doc);
}

describe('changePaper and paperState', () => {
	it('change a paper nobody has open, reach connected clients, and survive an unload', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		await changePaper(paperId, (doc) => addParagraph(doc, 'vom Server'));
		expect(read(await paperState(paperId))).toEqual(['vom Server']);

		const a = client(paperId);
		await a.synced();
		expect(paragraphs(a.doc)).toEqual(['vom Server']);
		await changePaper(paperId, (doc) => addParagraph(doc, 'noch einmal'));
		await waitFor(() => paragraphs(a.doc).length === 2, 5000, 'the server change');

		leave(a);
		await unloaded(paperId);
		const { updates, document } = await stored(paperId);
		expect(updates).toEqual([]);
		expect(read(document!.state)).toEqual(['vom Server', 'noch einmal']);
		expect(read(await paperState(paperId))).toEqual(['vom Server', 'noch einmal']);
	});

	it('rejects a change of a paper that does not exist, and stores nothing', async () => {
		await expect(changePaper('00000000-0000-4000-8000-000000000001', (doc) => addParagraph(doc, 'x'))).rejects.toThrow();
		await expect(paperState('00000000-0000-4000-8000-000000000001')).rejects.toThrow();
	});
});

describe('storage', () => {
	it('stays bounded: updates are folded into the state row every few updates and on unload', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		const a = client(paperId);
		await a.synced();
		let most = 0;
		for (let i = 0; i < 150; i++) {
			addParagraph(a.doc, `Absatz ${i}`);
			if (i % 10 === 9) {
				await changePaper(paperId, () => {}); // a no-op change: waits until what came before is stored
				most = Math.max(most, (await stored(paperId)).updates.length);
			}
		}
		await waitFor(async () => read(await paperState(paperId)).length === 150, 5000, 'all paragraphs stored');
		expect(most).toBeLessThanOrEqual(COMPACT_EVERY);
		expect((await stored(paperId)).document).toBeDefined();

		leave(a);
		await unloaded(paperId);
		const { updates, document } = await stored(paperId);
		expect(updates).toEqual([]);
		expect(read(document!.state)).toEqual(Array.from({ length: 150 }, (_, i) => `Absatz ${i}`));

		// Loads again from the compacted row.
		const b = client(paperId);
		await b.synced();
		expect(paragraphs(b.doc)).toHaveLength(150);
	});

	it('loads a paper once, however many clients arrive together', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		await changePaper(paperId, (doc) => addParagraph(doc, 'schon da'));
		await unloaded(paperId);
		const before = registry().stats().loads;
		const many = Array.from({ length: 8 }, () => client(paperId));
		await Promise.all(many.map((c) => c.synced()));
		expect(registry().stats().loads).toBe(before + 1);
		for (const c of many) expect(paragraphs(c.doc)).toEqual(['schon da']);
		leave(...many);
		await unloaded(paperId);
	});

	it('never stores over a paper whose load failed, and closes its clients with 1011', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		await changePaper(paperId, (doc) => addParagraph(doc, 'wertvoll'));
		await unloaded(paperId);
		await handle.db.insertInto('paper_updates').values({ paper_id: paperId, data: new Uint8Array([1, 2, 3, 4, 5]) }).execute();
		const before = await stored(paperId);

		const socket = rawSocket(server, paperId, delegateCookie);
		await socket.opened;
		// The client sends an edit right away: it must not be answered, let alone stored.
		const edit = new Y.Doc();
		addParagraph(edit, 'darüber');
		socket.ws.send(new Uint8Array([0, 2, ...lengthPrefixed(Y.encodeStateAsUpdate(edit))]));
		expect((await socket.closed).code).toBe(CloseCode.internalError);
		expect(socket.messages).toEqual([]);
		await waitFor(() => !registry().peek(paperId), 5000, 'the failed document to be dropped');
		expect(await stored(paperId)).toEqual(before);
	});
});

describe('renderings', () => {
	it('writes text, JSON, the time of the last edit and who edited, after edits settle', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		const createdAt = (await handle.db.selectFrom('papers').select('updated_at').where('id', '=', paperId).executeTakeFirstOrThrow()).updated_at;
		await changePaper(paperId, (doc) => {
			const heading = new Y.XmlElement('heading');
			heading.setAttribute('level', 1 as unknown as string);
			heading.insert(0, [new Y.XmlText('Bundespartizipationsgesetz')]);
			doc.getXmlFragment('default').insert(0, [heading]);
		});
		const a = client(paperId);
		await a.synced();
		addParagraph(a.doc, '§ 1 Zweck');
		await waitFor(
			async () => (await handle.db.selectFrom('papers').select('content_text').where('id', '=', paperId).executeTakeFirstOrThrow()).content_text.includes('§ 1'),
			5000,
			'the rendering'
		);
		const paper = await handle.db.selectFrom('papers').selectAll().where('id', '=', paperId).executeTakeFirstOrThrow();
		expect(paper.content_text).toBe('Bundespartizipationsgesetz\n§ 1 Zweck');
		expect(paper.content_json).toEqual({
			type: 'doc',
			content: [
				{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Bundespartizipationsgesetz' }] },
				{ type: 'paragraph', content: [{ type: 'text', text: '§ 1 Zweck' }] }
			]
		});
		expect(paper.updated_at.getTime()).toBeGreaterThan(createdAt.getTime());
		const contributors = await handle.db.selectFrom('paper_contributors').select('person_id').where('paper_id', '=', paperId).execute();
		expect(contributors).toEqual([{ person_id: people.delegate.id }]);
		leave(a);
		await unloaded(paperId);
	});
});

describe('graceful shutdown', () => {
	it('closes clients with 1012 and stores and compacts what they wrote', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		const a = client(paperId);
		await a.synced();
		for (let i = 0; i < 5; i++) addParagraph(a.doc, `vor dem Ende ${i}`);
		await waitFor(async () => (await stored(paperId)).updates.length > 0 || !!(await stored(paperId)).document, 5000, 'a stored update');
		await shutdownCollab();
		await waitFor(() => a.closes.includes(CloseCode.restarting), 5000, '1012');
		a.destroy();
		const { updates, document } = await stored(paperId);
		expect(updates).toEqual([]);
		expect(read(document!.state)).toEqual(Array.from({ length: 5 }, (_, i) => `vor dem Ende ${i}`));
	});
});

function lengthPrefixed(bytes: Uint8Array): number[] {
	const out: number[] = [];
	let n = bytes.length;
	while (n > 0x7f) {
		out.push(0x80 | (n & 0x7f));
		n >>>= 7;
	}
	out.push(n);
	return [...out, ...bytes];
}
