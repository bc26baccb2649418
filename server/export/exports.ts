// Downloads of a version (for those who may read it) and of a published paper (for everyone):
// gather the text and the words around it, ask the policy module, and render the format.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../people/actor.ts';
import { authorize, can, type PaperRef } from '../policy.ts';
import { NotFoundError } from '../errors.ts';
import { isUuid } from '../committees/committees.ts';
import { findPaper } from '../papers/papers.ts';
import type { BallotResult } from '../ballots/result.ts';
import { clampLineLength, DEFAULT_LINE_LENGTH, numberLines, type DocNode } from './lines.ts';
import { CONTENT_TYPES, type ExportDocument, type ExportFormat, type ExportOutcome } from './model.ts';
import { contentDisposition, downloadName } from './filename.ts';
import { renderMarkdown } from './markdown.ts';

/** The reader's language, as the page has it: the server renders files but does not translate. */
export interface ExportWords {
	locale: 'de' | 'en';
	t: (key: string, params?: Record<string, string | number>) => string;
	date: (date: Date) => string;
}

export interface ExportFile {
	body: Uint8Array | string;
	contentType: string;
	contentDisposition: string;
}

export function isExportFormat(value: string): value is ExportFormat {
	return value === 'pdf' || value === 'docx' || value === 'md';
}

interface Federation {
	name: string;
	lineLength: number;
}

export async function federationInfo(db: Kysely<DB>): Promise<Federation> {
	const row = await db.selectFrom('federation').select(['name', 'short_name', 'line_length']).executeTakeFirst();
	if (!row) return { name: '', lineLength: DEFAULT_LINE_LENGTH };
	const name = row.short_name && row.short_name !== row.name ? `${row.name} (${row.short_name})` : row.name;
	return { name, lineLength: clampLineLength(row.line_length) };
}

/** The line length that every numbered view of this federation uses (pages pass it to LineNumberedText). */
export async function federationLineLength(db: Kysely<DB>): Promise<number> {
	return (await federationInfo(db)).lineLength;
}

function outcomeOf(result: BallotResult, decidedAt: Date, words: ExportWords, extra: string[] = []): ExportOutcome {
	return {
		heading: words.t('export.adopted'),
		lines: [
			words.t('export.adoptedOn', { date: words.date(decidedAt) }),
			...extra,
			words.t('export.tally', { ...result.tally, voted: result.voted, eligible: result.eligible })
		],
		endorsementsHeading: words.t('export.endorsements'),
		endorsements: result.votes.filter((v) => v.choice === 'endorse').map((v) => v.organisationName)
	};
}

/**
 * pdfmake lays out synchronously and blocks the process (pages, websockets) while it works: about a
 * second per thousand lines here. PDFs are made one at a time, and a text longer than this many
 * lines (some 500 pages) is refused rather than stalling everyone for minutes.
 */
export const MAX_PDF_LINES = 25_000;

export class ExportTooLargeError extends Error {
	constructor(public lines: number) {
		super(`export too large: ${lines} lines`);
	}
}

let pdfQueue: Promise<unknown> = Promise.resolve();

function onePdfAtATime<T>(work: () => Promise<T>): Promise<T> {
	const run = pdfQueue.then(work, work);
	pdfQueue = run.catch(() => undefined);
	return run;
}

async function render(doc: ExportDocument, format: ExportFormat, fileTitle: string, versionLabel: string): Promise<ExportFile> {
	// The PDF and Word renderers are heavy (fonts, zip): load them when someone asks for one.
	let body: Uint8Array | string;
	if (format === 'pdf') {
		const lines = numberLines(doc.content, { lineLength: doc.lineLength }).lineCount;
		if (lines > MAX_PDF_LINES) throw new ExportTooLargeError(lines);
		const { renderPdf } = await import('./pdf.ts');
		body = await onePdfAtATime(() => renderPdf(doc));
	}
	else if (format === 'docx') body = await (await import('./docx.ts')).renderDocx(doc);
	else body = renderMarkdown(doc);
	return { body, contentType: CONTENT_TYPES[format], contentDisposition: contentDisposition(downloadName(fileTitle, versionLabel, format)) };
}

/** A version of a paper as PDF, Word or Markdown, for whoever may read that version. */
export async function exportVersion(db: Kysely<DB>, actor: Actor | null, paperId: string, versionId: string, format: ExportFormat, words: ExportWords): Promise<ExportFile> {
	const paper = await findPaper(db, paperId);
	const ref: PaperRef | undefined = paper && { id: paper.id, committeeId: paper.committee_id, status: paper.status };
	authorize(actor, 'version.export', ref!);
	if (!isUuid(versionId)) throw new NotFoundError('version');
	const version = await db
		.selectFrom('paper_versions')
		.select(['id', 'number', 'name', 'created_at', 'content_json'])
		.where('paper_id', '=', paperId)
		.where('id', '=', versionId)
		.executeTakeFirst();
	if (!paper || !version) throw new NotFoundError('version');
	const federation = await federationInfo(db);
	const versionLabel = version.name || words.t('export.versionNumber', { number: version.number });

	// The result belongs to the version the organisations voted on, if they adopted it.
	let outcome: ExportOutcome | undefined;
	const ballot = await db
		.selectFrom('ballots')
		.select(['id', 'status', 'votes_public_while_open', 'closed_at', 'result'])
		.where('paper_id', '=', paperId)
		.where('version_id', '=', versionId)
		.where('status', '=', 'closed')
		.orderBy('closed_at', 'desc')
		.executeTakeFirst();
	const result = ballot?.result as BallotResult | null | undefined;
	if (ballot && result?.outcome === 'adopted' && can(actor, 'ballot.readVotes', { id: ballot.id, paper: ref!, status: ballot.status, votesPublicWhileOpen: ballot.votes_public_while_open })) {
		outcome = outcomeOf(result, new Date(ballot.closed_at!), words);
	}

	const doc: ExportDocument = {
		language: words.locale,
		federation: federation.name,
		title: paper.title,
		details: [
			{ label: words.t('export.committee'), value: paper.committee_name },
			{ label: words.t('export.type'), value: words.t(`paperType.${paper.type}`) },
			{ label: words.t('export.version'), value: versionLabel },
			{ label: words.t('export.date'), value: words.date(new Date(version.created_at)) }
		],
		content: version.content_json as DocNode,
		lineLength: federation.lineLength,
		pageLabel: words.t('export.page'),
		outcome
	};
	return render(doc, format, paper.title, versionLabel);
}

/** A published paper as PDF, Word or Markdown, for everyone: the adopted text with its result. */
export async function exportPublication(db: Kysely<DB>, actor: Actor | null, slug: string, format: ExportFormat, words: ExportWords): Promise<ExportFile> {
	if (!/^[a-z0-9-]{1,120}$/.test(slug)) throw new NotFoundError('publication');
	const row = await db
		.selectFrom('publications as pub')
		.innerJoin('papers as p', 'p.id', 'pub.paper_id')
		.innerJoin('committees as c', 'c.id', 'p.committee_id')
		.innerJoin('ballots as b', 'b.id', 'pub.ballot_id')
		.innerJoin('paper_versions as v', (j) => j.onRef('v.id', '=', 'pub.version_id').onRef('v.paper_id', '=', 'pub.paper_id'))
		.select(['p.id', 'p.committee_id', 'p.status', 'p.title', 'p.type', 'c.name as committee_name', 'pub.published_at', 'b.closed_at', 'b.result', 'v.number', 'v.name', 'v.content_json'])
		.where('pub.slug', '=', slug)
		.executeTakeFirst();
	// An archived paper leaves the public pages: the policy says no, and the visitor sees "not found".
	if (!row || !can(actor, 'publication.export', { id: row.id, committeeId: row.committee_id, status: row.status })) throw new NotFoundError('publication');
	const federation = await federationInfo(db);
	const versionLabel = row.name || words.t('export.versionNumber', { number: row.number });
	const result = row.result as BallotResult;
	const adoptedAt = new Date(row.closed_at ?? row.published_at);
	const doc: ExportDocument = {
		language: words.locale,
		federation: federation.name,
		title: row.title,
		details: [
			{ label: words.t('export.committee'), value: row.committee_name },
			{ label: words.t('export.type'), value: words.t(`paperType.${row.type}`) },
			{ label: words.t('export.version'), value: versionLabel },
			{ label: words.t('export.date'), value: words.date(adoptedAt) }
		],
		content: row.content_json as DocNode,
		lineLength: federation.lineLength,
		pageLabel: words.t('export.page'),
		outcome: outcomeOf(result, adoptedAt, words, [words.t('export.published', { date: words.date(new Date(row.published_at)) })])
	};
	return render(doc, format, row.title, versionLabel);
}
