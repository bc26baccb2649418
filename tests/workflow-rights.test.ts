// A step changes who may edit, and open editors feel it at once: their connections are closed
// with 4100, reconnect, and are decided again; the version frozen by the step has their text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TestDatabase } from './helpers/db.ts';
import { cast } from './helpers/fixtures.ts';
import { votingOrganisations, withoutSeededVoters, inSeconds } from './helpers/workflow.ts';
import { paperState } from '../server/collab/documents.ts';
import { CloseCode } from '../server/collab/close-codes.ts';
import { handToFinalisation, sendBackToDraft } from '../server/workflow/workflow.ts';
import { openBallot } from '../server/ballots/open.ts';
import { pathOf } from '../server/workflow/transitions.ts';
import {
	addParagraph,
	closeCollabDatabase,
	connectClient,
	newPaper,
	paragraphs,
	sessionCookie,
	startCollabServer,
	useCollabDatabase,
	waitFor,
	type Client,
	type CollabServer
} from './collab/helpers.ts';

let handle: TestDatabase;
let server: CollabServer;
let people: Awaited<ReturnType<typeof cast>>;
const clients: Client[] = [];

beforeAll(async () => {
	handle = await useCollabDatabase();
	server = await startCollabServer();
	await withoutSeededVoters(handle.db);
	people = await cast(handle.db);
	await votingOrganisations(handle.db, 2);
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server.close();
	await closeCollabDatabase(handle);
});

function client(paperId: string, cookie: string) {
	const c = connectClient(server, paperId, cookie);
	clients.push(c);
	return c;
}

async function stored(paperId: string): Promise<string[]> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await paperState(paperId));
	return paragraphs(doc);
}

describe('a step re-decides open editors', () => {
	it('hand-over: the delegate becomes read-only at once, the officer may write; a ballot freezes the text for everyone', async () => {
		const { db } = handle;
		const paperId = await newPaper(db, people.committee.id, 'draft');
		const delegate = client(paperId, await sessionCookie(db, people.delegate.id));
		const officer = client(paperId, await sessionCookie(db, people.policyOfficer.id));
		await Promise.all([delegate.synced(), officer.synced()]);
		addParagraph(delegate.doc, 'Forderung des Ausschusses');
		await waitFor(async () => (await stored(paperId)).includes('Forderung des Ausschusses'), 5000, 'the delegate’s text stored');

		await handToFinalisation(db, people.chair, paperId);
		await waitFor(() => delegate.closes.includes(CloseCode.rightsChanged), 5000, '4100 for the delegate');
		await waitFor(() => delegate.provider.synced, 5000, 'the delegate’s reconnect');
		const handedOver = (await pathOf(db, paperId))[0];
		const version = await db.selectFrom('paper_versions').select('content_text').where('id', '=', handedOver.version_id!).executeTakeFirstOrThrow();
		expect(version.content_text).toContain('Forderung des Ausschusses');

		addParagraph(delegate.doc, 'zu spät');
		addParagraph(officer.doc, 'redigiert');
		await waitFor(() => paragraphs(delegate.doc).includes('redigiert'), 5000, 'the officer’s edit to reach the delegate');
		expect(await stored(paperId)).toEqual(['Forderung des Ausschusses', 'redigiert']);

		await openBallot(db, people.policyOfficer, paperId, { closesAt: inSeconds(3600) });
		await waitFor(() => officer.closes.includes(CloseCode.rightsChanged), 5000, '4100 for the officer');
		await waitFor(() => officer.provider.synced, 5000, 'the officer’s reconnect');
		addParagraph(officer.doc, 'während der Abstimmung');
		await new Promise((r) => setTimeout(r, 300));
		expect(await stored(paperId)).toEqual(['Forderung des Ausschusses', 'redigiert']);
	});

	it('back to draft: the delegate may write again', async () => {
		const { db } = handle;
		const paperId = await newPaper(db, people.committee.id, 'finalisation');
		const delegate = client(paperId, await sessionCookie(db, people.delegate.id));
		await delegate.synced();
		await sendBackToDraft(db, people.policyOfficer, paperId, { reason: 'nochmal' });
		await waitFor(() => delegate.closes.includes(CloseCode.rightsChanged), 5000, '4100');
		await waitFor(() => delegate.provider.synced, 5000, 'the reconnect');
		addParagraph(delegate.doc, 'wieder im Entwurf');
		await waitFor(async () => (await stored(paperId)).includes('wieder im Entwurf'), 5000, 'the delegate’s edit stored');
	});
});
