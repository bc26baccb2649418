// The PDF of a frozen paper, made on the server with pdfmake (no browser). Every numbered line of
// server/export/lines.ts becomes exactly one printed line with its number in the margin: pdfmake
// must never wrap a line again, so each line is measured with the font it is printed in and, in
// the rare case it is wider than the column (80 capital Ws), printed a little smaller.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as fontkit from 'fontkit';
import pdfmake from 'pdfmake';
import type { Column, Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { numberLines, type LineBlock, type Run, type TableBlock, type TextBlock } from './lines.ts';
import type { ExportDocument } from './model.ts';

// DejaVu Sans covers Latin (German, Turkish, Polish, Vietnamese), Greek, Cyrillic, Arabic and
// more; it comes from npm (dejavu-fonts-ttf, Bitstream Vera licence), so the app needs no fonts
// of the system it runs on.
const FONT_FILES = {
	normal: 'DejaVuSans.ttf',
	bold: 'DejaVuSans-Bold.ttf',
	italics: 'DejaVuSans-Oblique.ttf',
	bolditalics: 'DejaVuSans-BoldOblique.ttf'
} as const;
type FontStyle = keyof typeof FONT_FILES;
const FAMILY = 'DejaVuSans';

const PAGE_WIDTH = 595.28; // A4
const MARGIN_LEFT = 56;
const MARGIN_RIGHT = 48;
const GUTTER = 24; // line numbers, right-aligned
const GUTTER_GAP = 10;
const TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT - GUTTER - GUTTER_GAP;
const BODY_SIZE = 10;
const NUMBER_SIZE = 7;
const LINE_HEIGHT = 1.3;
const HEADING_SIZE: Record<number, number> = { 1: 12.5, 2: 11.5, 3: 10.5, 4: 10 };
/** the width of one character of indent: about an average letter */
const INDENT_CH = BODY_SIZE * 0.55;
const CELL_PADDING = 4;
/** the width of a table's rules: pdfmake adds them to the columns' widths */
const RULE = 0.6;
/** pdfmake and fontkit may round differently; keep a hair of room so that no line wraps */
const FIT = 0.99;
/** DejaVu Sans' ascender (1901 of 2048 units): where pdfmake puts a line's baseline */
const ASCENDER = 0.928;
/** DejaVu Sans' line box (ascender + descender, 2384 of 2048 units) per point of size */
const LINE_BOX = 1.164;

interface Fonts {
	paths: Record<FontStyle, string>;
	faces: Record<FontStyle, fontkit.Font>;
}

let fonts: Fonts | undefined;

function loadFonts(): Fonts {
	if (fonts) return fonts;
	const require = createRequire(import.meta.url);
	const paths = {} as Record<FontStyle, string>;
	const faces = {} as Record<FontStyle, fontkit.Font>;
	for (const style of Object.keys(FONT_FILES) as FontStyle[]) {
		paths[style] = require.resolve(`dejavu-fonts-ttf/ttf/${FONT_FILES[style]}`);
		faces[style] = fontkit.create(readFileSync(paths[style])) as fontkit.Font;
	}
	const fontDir = dirname(paths.normal);
	pdfmake.setFonts({ [FAMILY]: { ...paths } });
	// The document never loads anything but our fonts: no URLs, no other files.
	pdfmake.setUrlAccessPolicy(() => false);
	pdfmake.setLocalAccessPolicy((path) => dirname(path) === fontDir);
	fonts = { paths, faces };
	return fonts;
}

function fontStyle(bold: boolean, italic: boolean): FontStyle {
	return bold ? (italic ? 'bolditalics' : 'bold') : italic ? 'italics' : 'normal';
}

const advances = new Map<FontStyle, Map<number, number>>();

/** Advance of one code point in em, cached: fontkit's full layout per line is slow on long papers. */
function advance(style: FontStyle, cp: number): number {
	let table = advances.get(style);
	if (!table) advances.set(style, (table = new Map()));
	let width = table.get(cp);
	if (width === undefined) {
		const face = loadFonts().faces[style];
		width = face.glyphForCodePoint(cp).advanceWidth / face.unitsPerEm;
		table.set(cp, width);
	}
	return width;
}

/**
 * Width in points of runs printed at `size`: the sum of the glyphs' advances. pdfmake kerns, so
 * the printed line is at most this wide.
 */
function measure(runs: Run[], size: number, boldAll: boolean): number {
	let width = 0;
	for (const run of runs) {
		const style = fontStyle(boldAll || !!run.bold, !!run.italic);
		for (const ch of run.text) width += advance(style, ch.codePointAt(0)!);
	}
	return width * size;
}

/**
 * The character spacing that makes the runs fit `available` points: 0 unless the line is too
 * wide. Narrowing the spacing instead of the size keeps every line of a block equally high, so
 * that the numbers in the margin stay level with their lines.
 */
function squeeze(runs: Run[], size: number, available: number, bold: boolean): number {
	const excess = measure(runs, size, bold) - available * FIT;
	if (excess <= 0) return 0;
	// pdfmake measures word by word (a word keeps its trailing space) and adds the spacing after
	// every UTF-16 unit but a word's last: that many gaps shrink.
	let gaps = 0;
	for (const run of runs) gaps += run.text.length - (run.text.match(/ +|$/g)?.length ?? 1);
	return gaps > 0 ? -excess / gaps : 0;
}

function inlines(runs: Run[], characterSpacing: number): Content[] {
	return runs.map((run) => {
		const decoration: ('underline' | 'lineThrough')[] = [];
		if (run.underline || run.href) decoration.push('underline');
		if (run.strike) decoration.push('lineThrough');
		return {
			text: run.text,
			...(run.bold ? { bold: true } : {}),
			...(run.italic ? { italics: true } : {}),
			...(decoration.length ? { decoration } : {}),
			...(run.href ? { link: run.href, color: '#1a4d8f' } : {}),
			...(characterSpacing ? { characterSpacing } : {})
		};
	});
}

/** Lines as one text: pdfmake starts a new line at each "\n", and no line is too wide to wrap. */
function linesText(lines: Run[][], size: number, available: number, bold: boolean): Content[] {
	const out: Content[] = [];
	lines.forEach((runs, i) => {
		if (i > 0) out.push({ text: '\n' });
		out.push(...(runs.length ? inlines(runs, squeeze(runs, size, available, bold)) : [{ text: ' ' }]));
	});
	return out;
}

/**
 * The numbers in the margin: one text whose lines are exactly as high as the text's lines, lowered
 * so that each number sits on its line's baseline (pdfmake puts the baseline an ascender below a
 * line's top, whatever the line height).
 */
function numbersText(numbers: number[], size: number) {
	return {
		text: numbers.join('\n'),
		fontSize: NUMBER_SIZE,
		lineHeight: (LINE_HEIGHT * size) / NUMBER_SIZE,
		color: '#6b6b6b',
		alignment: 'right' as const,
		margin: [0, ASCENDER * (size - NUMBER_SIZE), 0, 0] as [number, number, number, number]
	};
}

function numbersColumn(numbers: number[], size: number): Column {
	return { width: GUTTER, ...numbersText(numbers, size) };
}

function textBlock(block: TextBlock): Content {
	const size = block.heading ? HEADING_SIZE[block.heading] ?? BODY_SIZE : BODY_SIZE;
	const bold = block.heading > 0;
	const indent = block.indent * INDENT_CH;
	const columns: Column[] = [numbersColumn(block.lines.map((l) => l.number), size), { width: GUTTER_GAP, text: '' }];
	if (indent > 0) {
		if (block.marker) {
			columns.push({ width: indent, text: block.marker, alignment: 'right', fontSize: size, bold, margin: [0, 0, INDENT_CH * 0.7, 0] });
		} else if (block.quote > 0) {
			const x = indent - INDENT_CH * 1.2;
			const height = block.lines.length * size * LINE_HEIGHT * LINE_BOX;
			columns.push({ width: indent, canvas: [{ type: 'line', x1: x, y1: 1, x2: x, y2: height - 1, lineWidth: 1.5, lineColor: '#b5b5b5' }] });
		} else {
			columns.push({ width: indent, text: '' });
		}
	}
	columns.push({
		width: '*',
		text: linesText(block.lines.map((l) => l.runs), size, TEXT_WIDTH - indent, bold),
		fontSize: size,
		bold,
		preserveLeadingSpaces: true,
		...(block.quote > 0 ? { color: '#3a3a3a' } : {})
	});
	const before = block.heading ? 9 : block.marker ? 2 : 4;
	// headlineLevel: a heading stays with the text it heads (see pageBreakBefore below).
	return { columns, columnGap: 0, margin: [0, before, 0, 0], ...(block.heading ? { headlineLevel: block.heading } : {}) };
}

/**
 * A table as one pdfmake table whose first column holds the line numbers (without rules), so that
 * each row's numbers stay level with its lines. Cells are top-aligned and all lines are equally
 * high, so line k of every cell of a row stands on the same printed line.
 */
function tableBlock(block: TableBlock): Content {
	const indent = block.indent * INDENT_CH;
	const lead = GUTTER + GUTTER_GAP + indent;
	const columnWidth = (TEXT_WIDTH - indent - RULE) / block.columns;
	const inner = columnWidth - 2 * CELL_PADDING - RULE;
	const widths: number[] = [lead, ...Array.from({ length: block.columns }, () => inner)];
	const body: TableCell[][] = block.rows.map((row) => {
		const numbers = numbersText(row.numbers, BODY_SIZE);
		const cells: TableCell[] = [{ ...numbers, border: [false, false, false, false], margin: [0, ASCENDER * (BODY_SIZE - NUMBER_SIZE), GUTTER_GAP + indent, 0] }];
		for (const cell of row.cells) {
			const width = columnWidth * cell.span - 2 * CELL_PADDING - RULE;
			cells.push({
				text: linesText(cell.lines, BODY_SIZE, width - 1, cell.header),
				bold: cell.header,
				preserveLeadingSpaces: true,
				...(cell.span > 1 ? { colSpan: cell.span } : {}),
				...(cell.header ? { fillColor: '#eeeeee' } : {})
			});
			for (let s = 1; s < cell.span; s++) cells.push({ text: '' });
		}
		// Rows with fewer cells than the table has columns get empty ones.
		while (cells.length < widths.length) cells.push({ text: ' ' });
		return cells;
	});
	return {
		table: { widths, body },
		layout: {
			hLineWidth: () => RULE,
			vLineWidth: (i: number) => (i === 0 ? 0 : RULE),
			hLineColor: () => '#8a8a8a',
			vLineColor: () => '#8a8a8a',
			paddingLeft: (i: number) => (i === 0 ? 0 : CELL_PADDING),
			paddingRight: (i: number) => (i === 0 ? 0 : CELL_PADDING),
			paddingTop: () => 1.5,
			paddingBottom: () => 1.5
		},
		margin: [0, 6, 0, 2]
	};
}

function ruleBlock(block: LineBlock): Content {
	const x = GUTTER + GUTTER_GAP + block.indent * INDENT_CH;
	return { canvas: [{ type: 'line', x1: x, y1: 0, x2: x + TEXT_WIDTH - block.indent * INDENT_CH, y2: 0, lineWidth: 0.6, lineColor: '#8a8a8a' }], margin: [0, 8, 0, 4] };
}

function titleBlock(doc: ExportDocument): Content[] {
	const out: Content[] = [
		{ text: doc.federation, fontSize: 9, color: '#555555', margin: [0, 0, 0, 6] },
		{ text: doc.title, fontSize: 18, bold: true, margin: [0, 0, 0, 10] }
	];
	if (doc.details.length) {
		out.push({
			table: { widths: ['auto', '*'], body: doc.details.map((d) => [{ text: d.label, color: '#555555' }, { text: d.value }]) },
			layout: 'noBorders',
			fontSize: 9,
			margin: [0, 0, 0, 8]
		});
	}
	if (doc.outcome) {
		out.push({
			table: {
				widths: ['*'],
				body: [[{ stack: [{ text: doc.outcome.heading, bold: true, margin: [0, 0, 0, 2] }, ...doc.outcome.lines.map((l) => ({ text: l }))], fillColor: '#eef4ec' }]]
			},
			layout: { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 8, paddingRight: () => 8, paddingTop: () => 6, paddingBottom: () => 6 },
			fontSize: 9.5,
			margin: [0, 0, 0, 8]
		});
	}
	out.push({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT, y2: 0, lineWidth: 0.8, lineColor: '#333333' }], margin: [0, 2, 0, 8] });
	return out;
}

function endorsementsBlock(doc: ExportDocument): Content[] {
	const outcome = doc.outcome;
	if (!outcome || outcome.endorsements.length === 0) return [];
	return [
		{ canvas: [{ type: 'line', x1: 0, y1: 0, x2: PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT, y2: 0, lineWidth: 0.6, lineColor: '#8a8a8a' }], margin: [0, 16, 0, 8] },
		{ text: `${outcome.endorsementsHeading} (${outcome.endorsements.length})`, bold: true, fontSize: 10.5, margin: [0, 0, 0, 4] },
		{ ul: outcome.endorsements, fontSize: 9.5 }
	];
}

export function pdfDefinition(doc: ExportDocument): TDocumentDefinitions {
	loadFonts();
	const numbered = numberLines(doc.content, { lineLength: doc.lineLength });
	const body: Content[] = numbered.blocks.map((block) =>
		block.kind === 'text' ? textBlock(block) : block.kind === 'table' ? tableBlock(block) : ruleBlock(block)
	);
	return {
		pageSize: 'A4',
		pageMargins: [MARGIN_LEFT, 48, MARGIN_RIGHT, 56],
		language: doc.language,
		info: { title: doc.title, subject: doc.federation, creator: 'Mitsprache', producer: 'Mitsprache (pdfmake)' },
		defaultStyle: { font: FAMILY, fontSize: BODY_SIZE, lineHeight: LINE_HEIGHT },
		content: [...titleBlock(doc), ...body, ...endorsementsBlock(doc)],
		// A heading at the foot of a page goes to the next one, with the text it heads.
		pageBreakBefore: (node, queries) => node.headlineLevel !== undefined && queries.getFollowingNodesOnPage().length === 0,
		footer: (page, pages) => ({
			columns: [
				{ text: doc.title, width: '*', noWrap: false, maxHeight: 12 },
				{ text: doc.pageLabel.replace('{page}', String(page)).replace('{pages}', String(pages)), width: 'auto', alignment: 'right' }
			],
			fontSize: 7.5,
			color: '#6b6b6b',
			margin: [MARGIN_LEFT, 20, MARGIN_RIGHT, 0]
		})
	};
}

export async function renderPdf(doc: ExportDocument): Promise<Uint8Array> {
	const buffer = await pdfmake.createPdf(pdfDefinition(doc)).getBuffer();
	return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
