// The development seed: one demo paper per committee, stored as a Yjs state that decodes to the
// same content as its derived JSON and text; seeding twice adds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { seedDemo } from '../server/seed/seed.ts';
import { paperNodeOfDoc } from '../server/papers/document-content.ts';
import { renderPaper } from '../server/collab/derived.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t?.close();
});

describe('demo papers', () => {
	it('seeds one paper per committee with its Yjs state, idempotently', async () => {
		await seedDemo(t.db);
		await seedDemo(t.db);
		const committees = await t.db.selectFrom('committees').select('id').execute();
		const papers = await t.db
			.selectFrom('papers')
			.innerJoin('paper_documents', 'paper_documents.paper_id', 'papers.id')
			.select(['papers.id', 'papers.committee_id', 'papers.title', 'papers.status', 'papers.content_text', 'papers.content_json', 'paper_documents.state'])
			.execute();
		expect(papers).toHaveLength(committees.length);
		expect(new Set(papers.map((p) => p.committee_id)).size).toBe(committees.length);
		for (const paper of papers) {
			expect(paper.status).toBe('draft');
			const doc = new Y.Doc();
			Y.applyUpdate(doc, new Uint8Array(paper.state));
			paperNodeOfDoc(doc).check();
			const rendering = renderPaper(doc);
			expect(rendering.json).toEqual(paper.content_json);
			expect(rendering.text).toBe(paper.content_text);
		}
		const law = papers.find((p) => p.title.includes('Bundespartizipationsgesetz'));
		expect(law?.content_text).toContain('Partizipationsrat');
		const contributors = await t.db.selectFrom('paper_contributors').select('paper_id').execute();
		expect(contributors).toHaveLength(papers.length);
	});
});
