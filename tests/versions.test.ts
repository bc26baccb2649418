// Versions against a real database and a real collaboration server: saving (and not saving twice),
// the internal call path of the workflow, permissions that leave no trace, restoring while another
// client is connected, and "changes since my last visit".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cast } from './helpers/fixtures.ts';
import type { TestDatabase } from './helpers/db.ts';
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
import { changePaper, paperState } from '../server/collab/documents.ts';
import { writePaperContent } from '../server/papers/document-content.ts';
import { PolicyError } from '../server/policy.ts';
import { FieldError } from '../server/errors.ts';
import { compareWith, createVersion, getVersion, listVersions, restoreVersion, systemCaller } from '../server/versions/versions.ts';
import { recordVisit } from '../server/versions/visits.ts';
import { versionsPanel } from '../server/versions/panel.ts';

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

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

async function paperWith(...texts: string[]): Promise<string> {
	const paperId = await newPaper(handle.db, people.committee.id);
	await changePaper(paperId, (doc) => writePaperContent(doc, { type: 'doc', content: texts.map(paragraph) }));
	return paperId;
}

/** Replaces the whole text, as a person editing would. */
async function setText(paperId: string, ...texts: string[]): Promise<void> {
	await changePaper(paperId, (doc) => {
		const fragment = doc.getXmlFragment('default');
		fragment.delete(0, fragment.length);
		writePaperContent(doc, { type: 'doc', content: texts.map(paragraph) });
	});
}

async function liveParagraphs(paperId: string): Promise<string[]> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await paperState(paperId));
	return paragraphs(doc);
}

const auditOf = (paperId: string) =>
	handle.db.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('object_id', '=', paperId).where('action', 'like', 'version.%').orderBy('id').execute();

describe('createVersion', () => {
	it('freezes the text with its Yjs state, derived JSON and text, author and audit entry', async () => {
		const paperId = await paperWith('Wir fordern gleiche Rechte.');
		const v = await createVersion(handle.db, people.delegate, paperId, { name: 'Sitzung am Dienstag', note: 'wie beschlossen' });
		expect(v).toMatchObject({ number: 1, created: true });
		const row = await handle.db.selectFrom('paper_versions').selectAll().where('id', '=', v.id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ kind: 'manual', name: 'Sitzung am Dienstag', note: 'wie beschlossen', created_by: people.delegate.id, content_text: 'Wir fordern gleiche Rechte.' });
		expect(row.content_json).toEqual({ type: 'doc', content: [paragraph('Wir fordern gleiche Rechte.')] });
		const doc = new Y.Doc();
		Y.applyUpdate(doc, row.state);
		expect(paragraphs(doc)).toEqual(['Wir fordern gleiche Rechte.']);
		expect(row.state_hash).toMatch(/^[0-9a-f]{64}$/);
		expect(await auditOf(paperId)).toEqual([{ action: 'version.create', actor_id: people.delegate.id, details: { versionId: v.id, number: 1, name: 'Sitzung am Dienstag', kind: 'manual' } }]);
	});

	it('does not store a version equal to the previous one, and numbers the next one on', async () => {
		const paperId = await paperWith('Erster Stand.');
		const first = await createVersion(handle.db, people.chair, paperId, { name: 'Eins' });
		const same = await createVersion(handle.db, people.delegate, paperId, { name: 'Nochmal' });
		expect(same).toEqual({ id: first.id, number: 1, created: false });
		await setText(paperId, 'Zweiter Stand.');
		const second = await createVersion(handle.db, people.delegate, paperId, { name: 'Zwei' });
		expect(second).toMatchObject({ number: 2, created: true });
		expect((await listVersions(handle.db, people.member.organisationId ? people.policyOfficer : people.admin, paperId)).map((v) => [v.number, v.name])).toEqual([
			[2, 'Zwei'],
			[1, 'Eins']
		]);
		expect((await auditOf(paperId)).length).toBe(2);
	});

	it('numbers versions saved at the same time one after another', async () => {
		const paperId = await paperWith('Gleichzeitig.');
		await createVersion(handle.db, people.chair, paperId, { name: 'Null' });
		await setText(paperId, 'Gleichzeitig geändert.');
		const both = await Promise.all([
			createVersion(handle.db, people.chair, paperId, { name: 'A' }),
			createVersion(handle.db, people.delegate, paperId, { name: 'B' })
		]);
		// The same text: one stores it, the other finds it equal to the newest.
		expect(both.map((v) => v.number)).toEqual([2, 2]);
		expect(both.filter((v) => v.created)).toHaveLength(1);
	});

	it('needs a name for a manual version', async () => {
		const paperId = await paperWith('Ohne Namen.');
		await expect(createVersion(handle.db, people.delegate, paperId, { name: '   ' })).rejects.toEqual(new FieldError('name', 'form.required'));
	});

	it('refuses those who may not edit, and leaves no trace', async () => {
		const paperId = await paperWith('Geschützt.');
		for (const actor of [people.member, people.otherChair, people.representative, people.disabled, null]) {
			await expect(createVersion(handle.db, actor, paperId, { name: 'Nein' })).rejects.toBeInstanceOf(PolicyError);
		}
		// In finalisation the committee reads, only the office writes.
		await handle.db.updateTable('papers').set({ status: 'finalisation' }).where('id', '=', paperId).execute();
		await expect(createVersion(handle.db, people.delegate, paperId, { name: 'Nein' })).rejects.toBeInstanceOf(PolicyError);
		expect(await handle.db.selectFrom('paper_versions').select('id').where('paper_id', '=', paperId).execute()).toEqual([]);
		expect(await auditOf(paperId)).toEqual([]);
		expect((await createVersion(handle.db, people.policyOfficer, paperId, { name: 'Ja' })).created).toBe(true);
	});

	it('lets a workflow step freeze a version where no person may edit, inside its own transaction', async () => {
		const paperId = await paperWith('Zur Abstimmung.');
		await handle.db.updateTable('papers').set({ status: 'ballot' }).where('id', '=', paperId).execute();
		// A person may not, even with kind 'workflow'.
		await expect(createVersion(handle.db, people.policyOfficer, paperId, { name: 'x', kind: 'workflow' })).rejects.toBeInstanceOf(PolicyError);
		const v = await handle.db.transaction().execute((trx) => createVersion(trx, systemCaller(people.policyOfficer.id), paperId, { name: 'Abstimmungsfassung', kind: 'workflow' }));
		expect(v).toMatchObject({ number: 1, created: true });
		const closing = await createVersion(handle.db, systemCaller(null), paperId, { name: 'Ergebnis', kind: 'workflow' });
		expect(closing).toEqual({ ...v, created: false });
		const [row] = await listVersions(handle.db, people.representative, paperId);
		expect(row).toMatchObject({ kind: 'workflow', name: 'Abstimmungsfassung', createdBy: people.policyOfficer.id, authorName: people.policyOfficer.name });
	});
});

describe('reading', () => {
	it('lists named ones only on request, and lets readers read but not others', async () => {
		const paperId = await paperWith('Lesbar.');
		const named = await createVersion(handle.db, people.delegate, paperId, { name: 'Benannt' });
		await setText(paperId, 'Lesbar, geändert.');
		await createVersion(handle.db, systemCaller(null), paperId, { name: '', kind: 'workflow' });
		expect((await listVersions(handle.db, people.chair, paperId)).length).toBe(2);
		expect((await listVersions(handle.db, people.chair, paperId, { named: true })).map((v) => v.id)).toEqual([named.id]);
		const version = await getVersion(handle.db, people.delegate, paperId, named.id);
		expect(version.text).toBe('Lesbar.');
		await expect(listVersions(handle.db, people.otherChair, paperId)).rejects.toBeInstanceOf(PolicyError);
		await expect(getVersion(handle.db, people.member, paperId, named.id)).rejects.toBeInstanceOf(PolicyError);
		await expect(getVersion(handle.db, null, paperId, named.id)).rejects.toBeInstanceOf(PolicyError);
		// A version of another paper is not found through this one.
		const other = await paperWith('Anderes.');
		await expect(getVersion(handle.db, people.delegate, other, named.id)).rejects.toThrow('not found');
	});

	it('gives the paper page its panel: the newest versions, the count, and what the person may do', async () => {
		const paperId = await paperWith('Für das Panel.');
		const ref = { id: paperId, committeeId: people.committee.id, status: 'draft' as const };
		for (const name of ['Eins', 'Zwei', 'Drei']) {
			await createVersion(handle.db, people.delegate, paperId, { name });
			await setText(paperId, `Nach ${name}.`);
		}
		const panel = await versionsPanel(handle.db, people.delegate, ref, 2);
		expect(panel).toMatchObject({ total: 3, canCreate: true, canRestore: true, since: null });
		expect(panel!.versions.map((v) => v.name)).toEqual(['Drei', 'Zwei']);
		expect(await versionsPanel(handle.db, people.policyOfficer, { ...ref, status: 'ballot' })).toMatchObject({ canCreate: false, canRestore: false });
		expect(await versionsPanel(handle.db, null, { ...ref, status: 'published' })).toBeNull();
		expect(await versionsPanel(handle.db, people.otherChair, ref)).toBeNull();
	});

	it('compares a version with another and with the current text', async () => {
		const paperId = await paperWith('Alle Kinder brauchen gute Schulen.');
		const a = await createVersion(handle.db, people.delegate, paperId, { name: 'A' });
		await setText(paperId, 'Alle Kinder brauchen sehr gute Schulen.');
		const b = await createVersion(handle.db, people.delegate, paperId, { name: 'B' });
		await setText(paperId, 'Alle Kinder brauchen sehr gute Kitas.');
		const ab = await compareWith(handle.db, people.delegate, paperId, a.id, b.id);
		expect(ab.comparison.summary).toMatchObject({ wordsAdded: 1, wordsRemoved: 0 });
		expect(ab.to?.name).toBe('B');
		const current = await compareWith(handle.db, people.delegate, paperId, b.id, 'current');
		expect(current.to).toBeNull();
		expect(current.comparison.blocks[0].inline?.filter((s) => s.s !== 'eq').map((s) => [s.s, s.text])).toEqual([
			['del', 'Schulen'],
			['ins', 'Kitas']
		]);
	});
});

describe('restoreVersion', () => {
	it('brings the old text back to a connected client, records it, and can itself be undone', async () => {
		const paperId = await paperWith('Fassung vom Dienstag.');
		const tuesday = await createVersion(handle.db, people.delegate, paperId, { name: 'Dienstag' });

		const other = connectClient(server, paperId, await sessionCookie(handle.db, people.chair.id));
		clients.push(other);
		await other.synced();
		addParagraph(other.doc, 'Nachtrag vom Mittwoch.');
		await waitFor(async () => (await liveParagraphs(paperId)).length === 2, 5000, 'the edit reaching the server');

		const result = await restoreVersion(handle.db, people.delegate, paperId, tuesday.id);
		await waitFor(() => paragraphs(other.doc).join('|') === 'Fassung vom Dienstag.', 5000, 'the restore reaching the other client');
		expect(await liveParagraphs(paperId)).toEqual(['Fassung vom Dienstag.']);
		expect(other.closes).toEqual([]);

		const versions = await listVersions(handle.db, people.chair, paperId);
		expect(versions.map((v) => [v.number, v.kind, v.restoredFrom?.number ?? null])).toEqual([
			[3, 'restore', 1],
			[2, 'auto', null],
			[1, 'manual', null]
		]);
		expect(result).toEqual({ id: versions[0].id, number: 3, before: { id: versions[1].id, number: 2 } });
		expect((await getVersion(handle.db, people.chair, paperId, result.before.id)).text).toBe('Fassung vom Dienstag.\nNachtrag vom Mittwoch.');
		const entries = await auditOf(paperId);
		expect(entries.at(-1)).toMatchObject({ action: 'version.restore', actor_id: people.delegate.id, details: { restoredFrom: tuesday.id, restoredFromNumber: 1, before: result.before.id } });

		// Undo: restore the copy made before.
		await restoreVersion(handle.db, people.chair, paperId, result.before.id);
		await waitFor(() => paragraphs(other.doc).length === 2, 5000, 'the undo reaching the other client');
		expect(paragraphs(other.doc)).toEqual(['Fassung vom Dienstag.', 'Nachtrag vom Mittwoch.']);
		// The client goes on editing the restored text.
		addParagraph(other.doc, 'Weiter geht es.');
		await waitFor(async () => (await liveParagraphs(paperId)).length === 3, 5000, 'an edit after the restore');
	});

	it('is refused to those who may not edit in the current status, without a trace', async () => {
		const paperId = await paperWith('Erste Fassung.');
		const v = await createVersion(handle.db, people.delegate, paperId, { name: 'Erste' });
		await setText(paperId, 'Zweite Fassung.');
		await expect(restoreVersion(handle.db, people.member, paperId, v.id)).rejects.toBeInstanceOf(PolicyError);
		await expect(restoreVersion(handle.db, null, paperId, v.id)).rejects.toBeInstanceOf(PolicyError);
		await handle.db.updateTable('papers').set({ status: 'ballot' }).where('id', '=', paperId).execute();
		await expect(restoreVersion(handle.db, people.admin, paperId, v.id)).rejects.toBeInstanceOf(PolicyError);
		expect(await liveParagraphs(paperId)).toEqual(['Zweite Fassung.']);
		expect((await listVersions(handle.db, people.admin, paperId)).length).toBe(1);
		expect((await auditOf(paperId)).map((e) => e.action)).toEqual(['version.create']);
	});

	it('restores a version equal to the current text without a change, and still records it', async () => {
		const paperId = await paperWith('Unverändert.');
		const v = await createVersion(handle.db, people.delegate, paperId, { name: 'Gleich' });
		const result = await restoreVersion(handle.db, people.delegate, paperId, v.id);
		expect(result).toMatchObject({ number: 2, before: { id: v.id, number: 1 } });
		expect(await liveParagraphs(paperId)).toEqual(['Unverändert.']);
	});

	it('does not restore a version of another paper', async () => {
		const paperId = await paperWith('Hier.');
		const other = await paperWith('Dort.');
		const v = await createVersion(handle.db, people.delegate, other, { name: 'Dort' });
		await expect(restoreVersion(handle.db, people.delegate, paperId, v.id)).rejects.toThrow('not found');
		expect(await liveParagraphs(paperId)).toEqual(['Hier.']);
	});
});

describe('changes since my last visit', () => {
	it('remembers the visit before the current one and says whether the text moved on', async () => {
		const paperId = await paperWith('Beim ersten Besuch.');
		const v = await createVersion(handle.db, people.delegate, paperId, { name: 'Stand' });
		expect(await recordVisit(handle.db, people.chair, paperId)).toBeNull();
		// Reloading within the same visit keeps no baseline yet.
		expect(await recordVisit(handle.db, people.chair, paperId)).toBeNull();
		// An hour later (moved back in the database), after an edit:
		await handle.db.updateTable('paper_visits').set({ last_seen_at: new Date(Date.now() - 3_600_000) }).where('paper_id', '=', paperId).execute();
		await handle.db.updateTable('papers').set({ updated_at: new Date() }).where('id', '=', paperId).execute();
		const since = await recordVisit(handle.db, people.chair, paperId);
		expect(since).toMatchObject({ version: { id: v.id, number: 1, name: 'Stand' }, changed: true });
		// A reload keeps that baseline.
		expect(await recordVisit(handle.db, people.chair, paperId)).toEqual(since);
		// Nobody signed in, or someone who may not read: nothing.
		expect(await recordVisit(handle.db, null, paperId)).toBeNull();
		expect(await recordVisit(handle.db, people.otherChair, paperId)).toBeNull();
	});
});
