import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cast } from '../helpers/fixtures.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { paperState } from '../../server/collab/documents.ts';
import { addParagraph, closeCollabDatabase, connectClient, newPaper, paragraphs, sessionCookie, startCollabServer, useCollabDatabase, waitFor, type Client, type CollabServer } from './helpers.ts';

let handle: TestDatabase;
let server: CollabServer;
let people: Awaited<ReturnType<typeof cast>>;
const clients: Client[] = [];

beforeAll(async () => {
	handle = await useCollabDatabase();
	server = await startCollabServer();
	people = await cast(handle.db);
});
afterAll(async () => {
	for (const client of clients) client.destroy();
	await server.close();
	await closeCollabDatabase(handle);
});

function client(paperId: string, cookie: string | null) {
	const c = connectClient(server, paperId, cookie);
	clients.push(c);
	return c;
}

describe('two writers', () => {
	it('converge on one paper', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		const a = client(paperId, await sessionCookie(handle.db, people.delegate.id));
		const b = client(paperId, await sessionCookie(handle.db, people.chair.id));
		await Promise.all([a.synced(), b.synced()]);
		addParagraph(a.doc, 'von A');
		addParagraph(b.doc, 'von B');
		await waitFor(() => paragraphs(a.doc).length === 2 && paragraphs(b.doc).length === 2, 5000, 'both paragraphs');
		expect(paragraphs(a.doc)).toEqual(paragraphs(b.doc));
		expect(new Set(paragraphs(a.doc))).toEqual(new Set(['von A', 'von B']));
		const server = new Y.Doc();
		Y.applyUpdate(server, await paperState(paperId));
		expect(paragraphs(server)).toEqual(paragraphs(a.doc));
	});
});
