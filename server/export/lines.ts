// Breaks a frozen paper into numbered lines. One function for every place a line number is shown
// (version view, comparison, ballot page, published page, the editor's line numbers, and the PDF),
// so that "line 42" names the same words everywhere. Pure TypeScript without imports: the browser
// runs the very same code as the server.
//
// The rules, in the order they apply:
// - A line holds at most `lineLength` characters (the federation's `line_length`, default 80). A
//   character is one code point together with the combining marks that follow it, so "ệ" counts
//   once whether it is stored composed or decomposed.
// - Lines break at spaces and after a hyphen between letters ("Arbeits-markt"); the spaces at a
//   break belong to neither line. A word longer than a whole line starts a new line and is cut
//   every `lineLength` characters (a hard break). A no-break space never breaks.
// - Every paragraph and heading starts a new line; a hard line break (Shift+Enter) ends one. Empty
//   paragraphs and horizontal rules take no line number.
// - A list item's marker ("1.", "•") and the indent of its text count toward the line: a list's
//   text column starts after the widest marker of that list plus one space, nested lists start at
//   their parent's text column, and a block quote indents by 2. Lines never get narrower than
//   MIN_WIDTH characters, however deep the nesting.
// - Tables: the table's width (the line length less its indent) is shared equally among its
//   columns, less 3 characters between neighbouring columns ("│" and a space either side); a cell
//   spanning columns gets their width and the gaps between them. Each cell is broken into lines at
//   its width by these same rules. A row takes as many line numbers as its tallest cell, and line k
//   of a row is line k of each of its cells, side by side, as printed line numbers count the
//   lines of a page from top to bottom. Row spans count as one row.

export const DEFAULT_LINE_LENGTH = 80;
export const MIN_LINE_LENGTH = 30;
export const MAX_LINE_LENGTH = 200;
/** No line gets narrower than this, however deeply lists nest or however many columns a table has. */
export const MIN_WIDTH = 8;
const QUOTE_INDENT = 2;
const COLUMN_GAP = 3;

/** The ProseMirror JSON of a paper (TipTap's JSONContent, restated to keep this module import-free). */
export interface DocNode {
	type?: string;
	attrs?: Record<string, unknown>;
	content?: DocNode[];
	text?: string;
	marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/** A piece of a line in one style. */
export interface Run {
	text: string;
	bold?: boolean;
	italic?: boolean;
	underline?: boolean;
	strike?: boolean;
	href?: string;
}

export interface NumberedLine {
	number: number;
	runs: Run[];
}

/** A paragraph, heading, or the paragraph of a list item: lines of text at an indent. */
export interface TextBlock {
	kind: 'text';
	/** heading level 1 to 4, or 0 for a paragraph */
	heading: number;
	/** characters before the text column, marker included */
	indent: number;
	/** the list marker shown on the first line, right before the text column */
	marker?: string;
	/** how many block quotes surround it */
	quote: number;
	lines: NumberedLine[];
}

export interface TableCellLines {
	header: boolean;
	/** columns this cell spans */
	span: number;
	/** the cell's lines; a row's shorter cells are not padded */
	lines: Run[][];
}

export interface TableRowLines {
	/** the numbers of this row's lines, one per line of its tallest cell */
	numbers: number[];
	cells: TableCellLines[];
}

export interface TableBlock {
	kind: 'table';
	indent: number;
	quote: number;
	columns: number;
	/** characters per column (a cell spanning n columns has n·columnWidth + (n-1)·3) */
	columnWidth: number;
	rows: TableRowLines[];
}

export interface RuleBlock {
	kind: 'rule';
	indent: number;
	quote: number;
}

export type LineBlock = TextBlock | TableBlock | RuleBlock;

export interface NumberedText {
	lineLength: number;
	blocks: LineBlock[];
	/** the number of the last line (0 for an empty paper) */
	lineCount: number;
	/** the lines of each top-level node of the document, in order (null: it has none, like a rule) */
	ranges: LineRange[];
}

export type LineRange = { first: number; last: number } | null;

export interface LineOptions {
	lineLength?: number;
	/** the number of the first line; 1 unless a text continues another */
	firstLine?: number;
}

export function clampLineLength(value: number | null | undefined): number {
	if (!value || !Number.isFinite(value)) return DEFAULT_LINE_LENGTH;
	return Math.min(MAX_LINE_LENGTH, Math.max(MIN_LINE_LENGTH, Math.round(value)));
}

/** The paper broken into numbered lines. Accepts the `doc` node or its content array. */
export function numberLines(doc: DocNode | null | undefined, options: LineOptions = {}): NumberedText {
	const lineLength = clampLineLength(options.lineLength);
	const counter = { next: options.firstLine ?? 1 };
	const blocks: LineBlock[] = [];
	const ranges: LineRange[] = [];
	for (const node of doc?.content ?? []) {
		const first = counter.next;
		layoutBlock(node, { width: lineLength, indent: 0, quote: 0 }, counter, blocks);
		ranges.push(counter.next > first ? { first, last: counter.next - 1 } : null);
	}
	return { lineLength, blocks, lineCount: counter.next - 1, ranges };
}

/** Each numbered line as plain text, marker and table gaps included: for tests, search, and quoting. */
export function lineTexts(text: NumberedText): { number: number; text: string }[] {
	const out: { number: number; text: string }[] = [];
	for (const block of text.blocks) {
		if (block.kind === 'text') {
			block.lines.forEach((line, i) => {
				const body = runsText(line.runs);
				out.push({ number: line.number, text: i === 0 && block.marker ? `${block.marker} ${body}` : body });
			});
		} else if (block.kind === 'table') {
			for (const row of block.rows) {
				row.numbers.forEach((number, k) => {
					const parts = row.cells.map((cell) => runsText(cell.lines[k] ?? []));
					out.push({ number, text: parts.join(' │ ').trimEnd() });
				});
			}
		}
	}
	return out;
}

export function runsText(runs: Run[]): string {
	return runs.map((r) => r.text).join('');
}

interface Context {
	/** characters left for text, after indent */
	width: number;
	indent: number;
	quote: number;
}

interface Counter {
	next: number;
}

function layoutBlocks(nodes: DocNode[], ctx: Context, counter: Counter, out: LineBlock[]): void {
	for (const node of nodes) layoutBlock(node, ctx, counter, out);
}

function layoutBlock(node: DocNode, ctx: Context, counter: Counter, out: LineBlock[]): void {
	switch (node.type) {
		case 'paragraph':
		case 'heading': {
			const heading = node.type === 'heading' ? Number(node.attrs?.level ?? 1) || 1 : 0;
			pushText(out, { heading, indent: ctx.indent, quote: ctx.quote }, wrap(inlineAtoms(node.content ?? []), ctx.width), counter);
			return;
		}
		case 'bulletList':
		case 'orderedList':
			layoutList(node, ctx, counter, out);
			return;
		case 'blockquote': {
			const inner = narrower(ctx, QUOTE_INDENT);
			layoutBlocks(node.content ?? [], { ...inner, quote: ctx.quote + 1 }, counter, out);
			return;
		}
		case 'table':
			out.push(layoutTable(node, ctx, counter));
			return;
		case 'horizontalRule':
			out.push({ kind: 'rule', indent: ctx.indent, quote: ctx.quote });
			return;
		default:
			// A node this module does not know (a later schema addition): keep its text rather than lose it.
			if (node.content) {
				if (node.content.some(isInline)) {
					pushText(out, { heading: 0, indent: ctx.indent, quote: ctx.quote }, wrap(inlineAtoms(node.content), ctx.width), counter);
				} else layoutBlocks(node.content, ctx, counter, out);
			}
	}
}

function isInline(node: DocNode): boolean {
	return node.type === 'text' || node.type === 'hardBreak';
}

function narrower(ctx: Context, by: number): Context {
	return { ...ctx, indent: ctx.indent + by, width: Math.max(MIN_WIDTH, ctx.width - by) };
}

function pushText(out: LineBlock[], shape: { heading: number; indent: number; quote: number; marker?: string }, lines: Run[][], counter: Counter): void {
	if (lines.length === 0) return;
	out.push({ kind: 'text', ...shape, lines: lines.map((runs) => ({ number: counter.next++, runs })) });
}

function listMarkers(node: DocNode): string[] {
	const items = node.content ?? [];
	if (node.type === 'orderedList') {
		const start = Number(node.attrs?.start ?? 1);
		const first = Number.isFinite(start) ? Math.trunc(start) : 1;
		return items.map((_, i) => `${first + i}.`);
	}
	return items.map(() => '•');
}

function layoutList(node: DocNode, ctx: Context, counter: Counter, out: LineBlock[]): void {
	const markers = listMarkers(node);
	const markerWidth = Math.max(0, ...markers.map(charCount)) + 1;
	const inner = narrower(ctx, markerWidth);
	(node.content ?? []).forEach((item, i) => {
		let marker: string | undefined = markers[i];
		for (const child of item.content ?? []) {
			if (marker !== undefined && (child.type === 'paragraph' || child.type === 'heading')) {
				const heading = child.type === 'heading' ? Number(child.attrs?.level ?? 1) || 1 : 0;
				const lines = wrap(inlineAtoms(child.content ?? []), inner.width);
				// An empty first paragraph still carries the marker, so the item keeps its number.
				pushText(out, { heading, indent: inner.indent, quote: ctx.quote, marker }, lines.length ? lines : [[]], counter);
				marker = undefined;
			} else {
				layoutBlock(child, inner, counter, out);
			}
		}
		// An item whose first child is not a paragraph (a nested list right away) shows no marker;
		// that is what the editor shows too.
	});
}

function layoutTable(node: DocNode, ctx: Context, counter: Counter): TableBlock {
	const rows = (node.content ?? []).filter((r) => r.type === 'tableRow');
	const columns = Math.max(1, ...rows.map((r) => (r.content ?? []).reduce((n, c) => n + span(c), 0)));
	const columnWidth = Math.max(MIN_WIDTH, Math.floor((ctx.width - COLUMN_GAP * (columns - 1)) / columns));
	const tableRows: TableRowLines[] = rows.map((row) => {
		const cells: TableCellLines[] = (row.content ?? []).map((cell) => {
			const n = span(cell);
			const width = columnWidth * n + COLUMN_GAP * (n - 1);
			return { header: cell.type === 'tableHeader', span: n, lines: cellLines(cell.content ?? [], width) };
		});
		const height = Math.max(1, ...cells.map((c) => c.lines.length));
		const numbers = Array.from({ length: height }, () => counter.next++);
		return { numbers, cells };
	});
	return { kind: 'table', indent: ctx.indent, quote: ctx.quote, columns, columnWidth, rows: tableRows };
}

function span(cell: DocNode): number {
	const n = Number(cell.attrs?.colspan ?? 1);
	return Number.isFinite(n) && n >= 1 ? Math.trunc(n) : 1;
}

/**
 * A cell's blocks laid out by the same rules at the cell's width, then flattened: indents and
 * markers become leading spaces and text, a nested table's cells are joined by " │ ".
 */
function cellLines(content: DocNode[], width: number): Run[][] {
	const blocks: LineBlock[] = [];
	const scratch = { next: 1 };
	layoutBlocks(content, { width, indent: 0, quote: 0 }, scratch, blocks);
	const lines: Run[][] = [];
	for (const block of blocks) {
		if (block.kind === 'text') {
			block.lines.forEach((line, i) => {
				if (block.indent === 0) return lines.push(line.runs);
				const lead = i === 0 && block.marker ? `${block.marker} `.padStart(block.indent) : ' '.repeat(block.indent);
				lines.push([{ text: lead }, ...line.runs]);
			});
		} else if (block.kind === 'table') {
			for (const row of block.rows) {
				row.numbers.forEach((_, k) => {
					const runs: Run[] = [];
					row.cells.forEach((cell, c) => {
						if (c > 0) runs.push({ text: ' │ ' });
						runs.push(...(cell.lines[k] ?? []));
					});
					lines.push(runs);
				});
			}
		}
	}
	return lines;
}

// --- Inline content → characters with styles -----------------------------------------------------

/** One character (a code point and its combining marks) with its style, or a forced break. */
interface Atom {
	ch: string;
	style: Style;
}
type Style = Omit<Run, 'text'>;
const BREAK: Atom = { ch: '\n', style: {} };

// Marks (accents, variation selectors) and the zero-width joiner never start a character.
const isCombining = (cp: string) => cp === '\u200d' || /^\p{M}$/u.test(cp);

/** Splits text into characters, keeping combining marks (and emoji joiners) with their base. */
export function characters(text: string): string[] {
	const out: string[] = [];
	let joinNext = false;
	for (const cp of text) {
		if ((joinNext || isCombining(cp)) && out.length > 0) {
			out[out.length - 1] += cp;
		} else out.push(cp);
		joinNext = cp === '\u200d';
	}
	return out;
}

export function charCount(text: string): number {
	return characters(text).length;
}

function styleOf(marks: DocNode['marks']): Style {
	const style: Style = {};
	for (const mark of marks ?? []) {
		if (mark.type === 'bold') style.bold = true;
		else if (mark.type === 'italic') style.italic = true;
		else if (mark.type === 'underline') style.underline = true;
		else if (mark.type === 'strike') style.strike = true;
		else if (mark.type === 'link' && typeof mark.attrs?.href === 'string') style.href = mark.attrs.href;
	}
	return style;
}

function inlineAtoms(nodes: DocNode[]): Atom[] {
	const atoms: Atom[] = [];
	for (const node of nodes) {
		if (node.type === 'hardBreak') atoms.push(BREAK);
		else if (node.type === 'text' && node.text) {
			const style = styleOf(node.marks);
			// Tabs and line feeds inside text (pasted) are spaces here, as the editor shows them.
			for (const ch of characters(node.text.replace(/[\t\r\n]/g, ' '))) atoms.push({ ch, style });
		}
	}
	// A trailing hard break shows no extra line.
	while (atoms.length && atoms[atoms.length - 1] === BREAK) atoms.pop();
	return atoms;
}

// --- Wrapping -------------------------------------------------------------------------------------

const isSpace = (a: Atom) => a.ch === ' ';
const isLetter = (ch: string | undefined) => ch !== undefined && /^\p{L}/u.test(ch);
const HYPHENS = new Set(['-', '\u2010']);

/** Breaks characters into lines of at most `width`; returns runs per line. */
function wrap(atoms: Atom[], width: number): Run[][] {
	const lines: Run[][] = [];
	// Nothing visible (only spaces): no line, like an empty paragraph.
	if (!atoms.some((a) => a !== BREAK && !isSpace(a))) return lines;
	let segment: Atom[] = [];
	for (const atom of atoms) {
		if (atom === BREAK) {
			wrapSegment(segment, width, lines);
			segment = [];
		} else segment.push(atom);
	}
	wrapSegment(segment, width, lines);
	return lines;
}

/** Wraps text between forced breaks; an empty segment (two breaks in a row) is one empty line. */
function wrapSegment(atoms: Atom[], width: number, lines: Run[][]): void {
	const words = splitWords(atoms);
	if (words.length === 0) {
		lines.push([]);
		return;
	}
	let line: Atom[] = [];
	for (const word of words) {
		const gap = line.length > 0 ? word.spaces : [];
		if (line.length > 0 && line.length + gap.length + word.chars.length <= width) {
			line.push(...gap, ...word.chars);
			continue;
		}
		if (line.length > 0) {
			lines.push(toRuns(line));
			line = [];
		}
		let chars = word.chars;
		while (chars.length > width) {
			lines.push(toRuns(chars.slice(0, width)));
			chars = chars.slice(width);
		}
		line = chars.slice();
	}
	if (line.length > 0) lines.push(toRuns(line));
}

interface Word {
	/** the spaces before the word (kept inside a line, dropped at a break) */
	spaces: Atom[];
	chars: Atom[];
}

/** Words are runs of non-spaces; a hyphen between letters ends a word too (the hyphen stays). */
function splitWords(atoms: Atom[]): Word[] {
	const words: Word[] = [];
	let i = 0;
	while (i < atoms.length) {
		const spaces: Atom[] = [];
		while (i < atoms.length && isSpace(atoms[i])) spaces.push(atoms[i++]);
		if (i >= atoms.length) break;
		const chars: Atom[] = [];
		while (i < atoms.length && !isSpace(atoms[i])) {
			chars.push(atoms[i]);
			const hyphenBreak = HYPHENS.has(atoms[i].ch) && isLetter(atoms[i - 1]?.ch) && isLetter(atoms[i + 1]?.ch);
			i++;
			if (hyphenBreak) break;
		}
		words.push({ spaces: words.length === 0 ? [] : spaces, chars });
	}
	return words;
}

function sameStyle(a: Style, b: Style): boolean {
	return a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.strike === b.strike && a.href === b.href;
}

function toRuns(atoms: Atom[]): Run[] {
	const runs: Run[] = [];
	for (const atom of atoms) {
		const last = runs[runs.length - 1];
		if (last && sameStyle(last, atom.style)) last.text += atom.ch;
		else runs.push({ text: atom.ch, ...atom.style });
	}
	return runs;
}
