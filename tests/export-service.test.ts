// Downloads through the service: who may download a version, what a published paper's download
// carries (result and endorsing organisations), what stays "not found", and the file names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { cast } from './helpers/fixtures.ts';
import { sampleContent } from './helpers/export-sample.ts';
import { exportPublication, exportVersion, type ExportWords } from '../server/export/exports.ts';
import { asciiSlug, contentDisposition, downloadName } from '../server/export/filename.ts';
import { PolicyError } from '../server/policy.ts';
import { NotFoundError } from '../server/errors.ts';
import { computeResult } from '../server/ballots/result.ts';
import { formatDate, translate } from '../src/lib/i18n/index.ts';
import type { PaperStatus } from '../server/db/schema.ts';

let handle: TestDatabase;
let people: Awaited<ReturnType<typeof cast>>;
const words: ExportWords = { locale: 'de', t: (k, p) => translate('de', k, p), date: (d) => formatDate('de', d) };

beforeAll(async () => {
	handle = await createTestDatabase();
	people = await cast(handle.db);
});
afterAll(() => handle.close());

async function paperWithVersion(status: PaperStatus, title = 'Teilhabe für alle: Positionspapier') {
	const db = handle.db;
	const paper = await db
		.insertInto('papers')
		.values({ committee_id: people.committee.id, title, type: 'position_paper', status, updated_at: new Date(), content_json: '{}' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const version = await db
		.insertInto('paper_versions')
		.values({ paper_id: paper.id, number: 3, name: 'Beschlussfassung', kind: 'manual', state: new Uint8Array(), content_json: JSON.stringify(sampleContent), content_text: '', state_hash: 'x' })
		.returning('id')
		.executeTakeFirstOrThrow();
	return { paperId: paper.id, versionId: version.id };
}

async function adopt(paperId: string, versionId: string, slug: string) {
	const db = handle.db;
	const result = computeResult({
		eligible: 3,
		quorum: 0.5,
		majority: 'simple',
		votes: [
			{ organisationId: 'a', organisationName: 'Türkische Gemeinde in Deutschland', choice: 'endorse', statement: '' },
			{ organisationId: 'b', organisationName: 'Ελληνική Κοινότητα', choice: 'endorse', statement: '' },
			{ organisationId: 'c', organisationName: 'Verband C', choice: 'reject', statement: '' }
		]
	});
	const ballot = await db
		.insertInto('ballots')
		.values({ paper_id: paperId, version_id: versionId, opens_at: new Date('2027-03-01T09:00:00Z'), closes_at: new Date('2027-03-03T09:00:00Z'), status: 'closed', closed_at: new Date('2027-03-03T09:00:00Z'), result: JSON.stringify(result) })
		.returning('id')
		.executeTakeFirstOrThrow();
	// (schema.ts lists a content_json column that the migration does not create: the text is the version's.)
	await db.insertInto('publications').values({ paper_id: paperId, slug, ballot_id: ballot.id, version_id: versionId } as never).execute();
}

const text = (body: Uint8Array | string) => (typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));

describe('exportVersion', () => {
	it('gives the committee a version of a draft as Markdown, with the title block and a file name', async () => {
		const { paperId, versionId } = await paperWithVersion('draft');
		const file = await exportVersion(handle.db, people.delegate, paperId, versionId, 'md', words);
		expect(file.contentType).toBe('text/markdown; charset=utf-8');
		expect(file.contentDisposition).toBe(
			`attachment; filename="Teilhabe-fuer-alle-Positionspapier_Beschlussfassung.md"; filename*=UTF-8''Teilhabe%20f%C3%BCr%20alle_%20Positionspapier%20%E2%80%93%20Beschlussfassung.md`
		);
		const md = text(file.body);
		expect(md).toContain('# Teilhabe für alle: Positionspapier');
		expect(md).toContain('**Art:** Positionspapier');
		expect(md).toContain('**Fassung:** Beschlussfassung');
		expect(md).toContain('## Präambel');
	});

	it('refuses those who may not read the version, and leaves anonymous visitors at 401', async () => {
		const { paperId, versionId } = await paperWithVersion('draft');
		for (const actor of [people.member, people.otherChair, people.representative, people.disabled]) {
			await expect(exportVersion(handle.db, actor, paperId, versionId, 'md', words)).rejects.toMatchObject({ status: 403 });
		}
		await expect(exportVersion(handle.db, null, paperId, versionId, 'md', words)).rejects.toBeInstanceOf(PolicyError);
		await expect(exportVersion(handle.db, null, paperId, versionId, 'md', words)).rejects.toMatchObject({ status: 401 });
	});

	it('says "not found" for a version of another paper', async () => {
		const a = await paperWithVersion('draft');
		const b = await paperWithVersion('draft');
		await expect(exportVersion(handle.db, people.admin, a.paperId, b.versionId, 'pdf', words)).rejects.toBeInstanceOf(NotFoundError);
		await expect(exportVersion(handle.db, people.admin, a.paperId, 'not-a-uuid', 'pdf', words)).rejects.toBeInstanceOf(NotFoundError);
	});

	it('adds the result and the endorsing organisations to the version that was adopted', async () => {
		const { paperId, versionId } = await paperWithVersion('adopted');
		await adopt(paperId, versionId, 'adoptiert-1');
		const md = text((await exportVersion(handle.db, people.representative, paperId, versionId, 'md', words)).body);
		expect(md).toContain('**Beschlossen**');
		expect(md).toContain('2 Zustimmungen, 1 Ablehnungen, 0 Enthaltungen; 3 von 3 stimmberechtigten Organisationen haben abgestimmt.');
		expect(md).toContain('## Zustimmende Mitgliedsorganisationen\n\n- Türkische Gemeinde in Deutschland\n- Ελληνική Κοινότητα\n');
		expect(md).not.toContain('Verband C');
	});

	it('renders PDF and Word too', async () => {
		const { paperId, versionId } = await paperWithVersion('draft');
		const pdf = await exportVersion(handle.db, people.chair, paperId, versionId, 'pdf', words);
		expect(Buffer.from(pdf.body as Uint8Array).subarray(0, 5).toString()).toBe('%PDF-');
		expect(pdf.contentDisposition).toContain('.pdf"');
		const docx = await exportVersion(handle.db, people.chair, paperId, versionId, 'docx', words);
		expect(Buffer.from(docx.body as Uint8Array).subarray(0, 2).toString()).toBe('PK');
	});
});

describe('exportPublication', () => {
	it('gives everyone a published paper, with its result', async () => {
		const { paperId, versionId } = await paperWithVersion('published', 'Öffentlich');
		await adopt(paperId, versionId, 'oeffentlich');
		for (const actor of [null, people.member, people.admin]) {
			const md = text((await exportPublication(handle.db, actor, 'oeffentlich', 'md', words)).body);
			expect(md).toContain('# Öffentlich');
			expect(md).toContain('Angenommen am 3. März 2027');
			expect(md).toContain('- Ελληνική Κοινότητα');
		}
	});

	it('says "not found" once the paper is archived, and for slugs that do not exist', async () => {
		const { paperId, versionId } = await paperWithVersion('archived', 'Archiviert');
		await adopt(paperId, versionId, 'archiviert');
		await expect(exportPublication(handle.db, null, 'archiviert', 'md', words)).rejects.toBeInstanceOf(NotFoundError);
		await expect(exportPublication(handle.db, people.admin, 'archiviert', 'md', words)).rejects.toBeInstanceOf(NotFoundError);
		await expect(exportPublication(handle.db, null, 'gibt-es-nicht', 'md', words)).rejects.toBeInstanceOf(NotFoundError);
		await expect(exportPublication(handle.db, null, '../etc', 'md', words)).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('file names', () => {
	it('are ASCII in filename and the real title in filename*', () => {
		expect(asciiSlug('Größe & Übermut – łódź, ệ')).toBe('Groesse-Uebermut-lodz-e');
		expect(asciiSlug('Ελληνικά')).toBe('');
		const name = downloadName('Ελληνικά', 'Fassung 2', 'pdf');
		expect(name.ascii).toBe('Fassung-2.pdf');
		expect(name.utf8).toBe('Ελληνικά – Fassung 2.pdf');
		expect(downloadName('', '', 'md').ascii).toBe('paper.md');
		expect(contentDisposition(downloadName('a/b"c', 'v', 'md'))).toBe(`attachment; filename="a-b-c_v.md"; filename*=UTF-8''a_b_c%20%E2%80%93%20v.md`);
	});
});

describe('PDF size limit', () => {
	it('refuses a PDF of more lines than the limit, and still gives Markdown', async () => {
		const { MAX_PDF_LINES, ExportTooLargeError } = await import('../server/export/exports.ts');
		const db = handle.db;
		const paper = await db
			.insertInto('papers')
			.values({ committee_id: people.committee.id, title: 'Sehr lang', type: 'position_paper', status: 'draft', updated_at: new Date(), content_json: '{}' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const huge = { type: 'doc', content: Array.from({ length: MAX_PDF_LINES + 1 }, (_, i) => ({ type: 'paragraph', content: [{ type: 'text', text: `Absatz ${i}` }] })) };
		const version = await db
			.insertInto('paper_versions')
			.values({ paper_id: paper.id, number: 1, name: 'Lang', kind: 'manual', state: new Uint8Array(), content_json: JSON.stringify(huge), content_text: '', state_hash: 'x' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await expect(exportVersion(db, people.admin, paper.id, version.id, 'pdf', words)).rejects.toBeInstanceOf(ExportTooLargeError);
		expect(text((await exportVersion(db, people.admin, paper.id, version.id, 'md', words)).body)).toContain(`Absatz ${MAX_PDF_LINES}`);
	});
});
