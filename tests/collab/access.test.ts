// Who may connect, who may write, and what happens when rights change while connected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cast } from '../helpers/fixtures.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { paperState, reconsiderPaper, reconsiderPerson } from '../../server/collab/documents.ts';
import { colorFor } from '../../server/collab/colors.ts';
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

async function storedParagraphs(paperId: string): Promise<string[]> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await paperState(paperId));
	return paragraphs(doc);
}

describe('at the upgrade', () => {
	it('closes anonymous connections with 4401, and y-websocket stops retrying', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		expect((await rawSocket(server, paperId, null).closed).code).toBe(CloseCode.noSession);
		expect((await rawSocket(server, paperId, 'mitsprache_session=abcdefghijklmnopqrstuvwxyz234567').closed).code).toBe(CloseCode.noSession);
		const anonymous = client(paperId, null);
		await waitFor(() => anonymous.closes.length > 0);
		await new Promise((resolve) => setTimeout(resolve, 800));
		expect(anonymous.closes).toEqual([CloseCode.noSession]);
	});

	it('closes a foreign committee, an unknown paper and a foreign origin with 4403', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		const otherChair = await sessionCookie(handle.db, people.otherChair.id);
		const delegate = await sessionCookie(handle.db, people.delegate.id);
		expect((await rawSocket(server, paperId, otherChair).closed).code).toBe(CloseCode.forbidden);
		expect((await rawSocket(server, '00000000-0000-4000-8000-000000000000', delegate).closed).code).toBe(CloseCode.forbidden);
		expect((await rawSocket(server, 'not-a-uuid', delegate).closed).code).toBe(CloseCode.forbidden);
		expect((await rawSocket(server, paperId, delegate, 'https://evil.example').closed).code).toBe(CloseCode.forbidden);
		expect((await rawSocket(server, paperId, delegate, null).closed).code).toBe(CloseCode.forbidden);
		const refused = rawSocket(server, paperId, await sessionCookie(handle.db, people.disabled.id));
		expect((await refused.closed).code).toBe(CloseCode.noSession);
	});
});

describe('read-only connections', () => {
	it("drop a reader's updates, keep its awareness flowing, and take names from the session", async () => {
		// In finalisation the committee may read, only the policy office may write.
		const paperId = await newPaper(handle.db, people.committee.id, 'finalisation');
		const writer = client(paperId, await sessionCookie(handle.db, people.policyOfficer.id));
		const reader = client(paperId, await sessionCookie(handle.db, people.delegate.id));
		await Promise.all([writer.synced(), reader.synced()]);

		addParagraph(writer.doc, 'erlaubt');
		await waitFor(() => paragraphs(reader.doc).includes('erlaubt'), 5000, 'the writer reaching the reader');

		addParagraph(reader.doc, 'verboten');
		reader.provider.awareness.setLocalStateField('user', { id: people.admin.id, name: 'Jemand anderes', color: '#000' });
		await waitFor(() => [...writer.provider.awareness.getStates().values()].some((s) => s.user?.id === people.delegate.id), 5000, 'awareness');
		const seen = writer.provider.awareness.getStates().get(reader.doc.clientID);
		expect(seen?.user).toEqual({ id: people.delegate.id, name: people.delegate.name, color: colorFor(people.delegate.id) });

		// paperState resolves only after every accepted update was stored and sent on.
		expect(await storedParagraphs(paperId)).toEqual(['erlaubt']);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(paragraphs(writer.doc)).toEqual(['erlaubt']);
		expect(reader.closes).toEqual([]);
	});
});

describe('when rights change', () => {
	it('reconsiderPaper after a status change makes a writer read-only, and leaves others alone', async () => {
		const paperId = await newPaper(handle.db, people.committee.id, 'draft');
		const delegate = client(paperId, await sessionCookie(handle.db, people.delegate.id));
		const officer = client(paperId, await sessionCookie(handle.db, people.policyOfficer.id));
		await Promise.all([delegate.synced(), officer.synced()]);
		addParagraph(delegate.doc, 'im Entwurf');
		await waitFor(() => paragraphs(officer.doc).includes('im Entwurf'));

		await handle.db.updateTable('papers').set({ status: 'finalisation' }).where('id', '=', paperId).execute();
		await reconsiderPaper(paperId);
		await waitFor(() => delegate.closes.includes(CloseCode.rightsChanged), 5000, '4100');
		await waitFor(() => delegate.provider.synced, 5000, 'the reconnect');

		addParagraph(delegate.doc, 'zu spät');
		addParagraph(officer.doc, 'Endfassung');
		await waitFor(() => paragraphs(delegate.doc).includes('Endfassung'));
		expect(await storedParagraphs(paperId)).toEqual(['im Entwurf', 'Endfassung']);
		expect(officer.closes).toEqual([]);
	});

	it('reconsiderPerson closes a person who lost the committee with 4100, and the reconnect with 4403', async () => {
		const paperId = await newPaper(handle.db, people.committee.id, 'draft');
		const leaving = await cast(handle.db);
		await handle.db
			.insertInto('committee_members')
			.values({ committee_id: people.committee.id, person_id: leaving.member.id, role: 'delegate' })
			.execute();
		const member = client(paperId, await sessionCookie(handle.db, leaving.member.id));
		await member.synced();
		await reconsiderPerson(leaving.member.id);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(member.closes).toEqual([]); // nothing changed yet

		await handle.db.deleteFrom('committee_members').where('person_id', '=', leaving.member.id).execute();
		await reconsiderPerson(leaving.member.id);
		await waitFor(() => member.closes.length === 2, 5000, 'two closes');
		expect(member.closes).toEqual([CloseCode.rightsChanged, CloseCode.forbidden]);
	});
});
