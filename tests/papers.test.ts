// The paper service behind the committee page, /papers and /papers/<id>: who may create a paper
// (a refusal leaves no trace), which papers each person's list shows, and the search over title
// and text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { cast } from './helpers/fixtures.ts';
import { createPaper, findPaper, listPapers, paperContentJson } from '../server/papers/papers.ts';
import { PolicyError } from '../server/policy.ts';

let t: TestDatabase;
let people: Awaited<ReturnType<typeof cast>>;

beforeAll(async () => {
	t = await createTestDatabase();
	people = await cast(t.db);
});
afterAll(async () => {
	await t?.close();
});

const countPapers = async () => (await t.db.selectFrom('papers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
const countAudit = async () => (await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'paper.create').executeTakeFirstOrThrow()).n;

describe('creating a paper', () => {
	it('lets the chair, the policy officer and admins create one, as a draft with an audit entry', async () => {
		for (const who of ['chair', 'policyOfficer', 'admin'] as const) {
			const id = await createPaper(t.db, people[who], { committeeId: people.committee.id, title: `  Papier von ${who}  `, type: 'statement', summary: ' kurz ' });
			const paper = await findPaper(t.db, id);
			expect(paper).toMatchObject({ title: `Papier von ${who}`, type: 'statement', summary: 'kurz', status: 'draft', committee_name: people.committee.name });
			const entry = await t.db.selectFrom('audit_log').selectAll().where('object_id', '=', id).executeTakeFirstOrThrow();
			expect(entry).toMatchObject({ action: 'paper.create', actor_id: people[who].id, object_type: 'paper' });
		}
	});

	it('refuses everyone else and leaves no trace', async () => {
		const [papersBefore, auditBefore] = [await countPapers(), await countAudit()];
		for (const who of ['anonymous', 'member', 'delegate', 'otherChair', 'representative', 'disabled'] as const) {
			const attempt = createPaper(t.db, people[who], { committeeId: people.committee.id, title: 'Darf nicht', type: 'agenda' });
			await expect(attempt, who).rejects.toBeInstanceOf(PolicyError);
			await expect(attempt, who).rejects.toMatchObject({ status: who === 'anonymous' ? 401 : 403 });
		}
		expect(await countPapers()).toBe(papersBefore);
		expect(await countAudit()).toBe(auditBefore);
	});

	it('keeps the database rules: no empty title, no unknown type', async () => {
		await expect(createPaper(t.db, people.chair, { committeeId: people.committee.id, title: '   ', type: 'agenda' })).rejects.toThrow();
		// @ts-expect-error an unknown type reaches the CHECK constraint
		await expect(createPaper(t.db, people.chair, { committeeId: people.committee.id, title: 'X', type: 'novel' })).rejects.toThrow();
	});
});

describe('listing and searching papers', () => {
	let draft: string;
	let otherDraft: string;
	let published: string;

	beforeAll(async () => {
		draft = await createPaper(t.db, people.chair, { committeeId: people.committee.id, title: 'Bundespartizipationsgesetz', type: 'draft_law' });
		otherDraft = await createPaper(t.db, people.otherChair, { committeeId: people.otherCommittee.id, title: 'Mehrsprachigkeit', type: 'demand_catalogue' });
		published = await createPaper(t.db, people.otherChair, { committeeId: people.otherCommittee.id, title: 'Veröffentlichte Position', type: 'position_paper' });
		await t.db.updateTable('papers').set({ content_text: 'Wir fordern einen Partizipationsrat mit 100% Anhörungsrecht.' }).where('id', '=', draft).execute();
		await t.db.updateTable('papers').set({ status: 'published', content_json: JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'öffentlich' }] }] }) }).where('id', '=', published).execute();
	});

	const ids = async (who: keyof typeof people, opts: Parameters<typeof listPapers>[2] = {}) =>
		(await listPapers(t.db, people[who] as never, opts)).map((p) => p.id);

	it('shows each person only the papers they may read', async () => {
		expect(await ids('delegate')).toEqual(expect.arrayContaining([draft, published]));
		expect(await ids('delegate')).not.toContain(otherDraft);
		expect(await ids('policyOfficer')).toEqual(expect.arrayContaining([draft, otherDraft, published]));
		expect(await ids('member')).toEqual([published]);
		expect(await ids('anonymous')).toEqual([published]);
		expect(await ids('disabled')).toEqual([]);
	});

	it('filters by committee and carries who worked on a paper', async () => {
		await t.db.insertInto('paper_contributors').values({ paper_id: draft, person_id: people.delegate.id, last_edit_at: new Date() }).execute();
		const rows = await listPapers(t.db, people.admin, { committeeId: people.committee.id });
		expect(rows.every((r) => r.committee_id === people.committee.id)).toBe(true);
		expect(rows.find((r) => r.id === draft)?.contributors).toBe(people.delegate.name);
	});

	it('finds words in the title and in the text, case-insensitively, with LIKE wildcards taken literally', async () => {
		expect(await ids('admin', { search: 'partizipationsGESETZ' })).toEqual([draft]);
		expect(await ids('admin', { search: 'Partizipationsrat' })).toEqual([draft]);
		expect(await ids('admin', { search: '100%' })).toEqual([draft]);
		expect(await ids('admin', { search: '%' })).toEqual([draft]);
		expect(await ids('admin', { search: '_' })).toEqual([]);
		// Search never widens what a person may read.
		expect(await ids('member', { search: 'Partizipationsrat' })).toEqual([]);
	});

	it('gives the stored rendering for readers without a live connection', async () => {
		expect(await paperContentJson(t.db, published)).toMatchObject({ type: 'doc' });
		expect(await paperContentJson(t.db, 'not-a-uuid')).toBeUndefined();
	});
});
