// HTML for a stored version and for a comparison, built on the server from ProseMirror JSON.
// A string builder rather than a component: a 100-page comparison renders in milliseconds, the
// benchmark measures exactly what the page sends, and no editor or script is needed to read it.
// Everything from the document is escaped here; links keep only web and mail addresses.
import type { Comparison, DiffBlock, DocJSON, Segment } from './compare.ts';
import { isTextblock } from './compare.ts';

type Mark = NonNullable<DocJSON['marks']>[number];

/** Words for screen readers, in the reader's language: changes are never told by colour alone. */
export interface DiffLabels {
	insertedStart: string;
	insertedEnd: string;
	deletedStart: string;
	deletedEnd: string;
	formatChanged: string;
	blockChanged: string;
}

/** inline: both sides in one text; old / new: one side each (for the side-by-side view). */
export type DiffMode = 'inline' | 'old' | 'new';

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

const SAFE_HREF = /^(https?:|mailto:)/i;

function openMark(mark: Mark): string {
	switch (mark.type) {
		case 'bold':
			return '<strong>';
		case 'italic':
			return '<em>';
		case 'strike':
			return '<s>';
		case 'underline':
			return '<u>';
		case 'code':
			return '<code>';
		case 'link': {
			const href = String(mark.attrs?.href ?? '');
			// Relative and scripted addresses are shown as text: a comparison is no place to follow them.
			return SAFE_HREF.test(href.trim()) ? `<a href="${escapeHtml(href.trim())}" rel="noopener noreferrer nofollow" target="_blank">` : '<span class="diff-link">';
		}
		default:
			return '<span>';
	}
}

function closeMark(mark: Mark): string {
	switch (mark.type) {
		case 'bold':
			return '</strong>';
		case 'italic':
			return '</em>';
		case 'strike':
			return '</s>';
		case 'underline':
			return '</u>';
		case 'code':
			return '</code>';
		case 'link':
			return SAFE_HREF.test(String(mark.attrs?.href ?? '').trim()) ? '</a>' : '</span>';
		default:
			return '</span>';
	}
}

function markedText(text: string, marks: Mark[] | undefined): string {
	if (!marks?.length) return escapeHtml(text);
	let open = '';
	let close = '';
	for (const mark of marks) {
		open += openMark(mark);
		close = closeMark(mark) + close;
	}
	return open + escapeHtml(text) + close;
}

interface Tag {
	open: string;
	close: string;
}

function num(value: unknown, fallback: number): number {
	const n = Number(value);
	return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

/** The element for a block node. Paper headings sit below the page's own title, so level n is h(n+1). */
function blockTag(type: string | undefined, attrs: Record<string, unknown> | undefined, cls?: string): Tag {
	const c = cls ? ` class="${cls}"` : '';
	switch (type) {
		case 'paragraph':
			return { open: `<p dir="auto"${c}>`, close: '</p>' };
		case 'heading': {
			const level = Math.min(6, Math.max(2, num(attrs?.level, 1) + 1));
			return { open: `<h${level} dir="auto"${c}>`, close: `</h${level}>` };
		}
		case 'blockquote':
			return { open: `<blockquote dir="auto"${c}>`, close: '</blockquote>' };
		case 'bulletList':
			return { open: `<ul${c}>`, close: '</ul>' };
		case 'orderedList': {
			const start = num(attrs?.start, 1);
			return { open: `<ol${start !== 1 ? ` start="${start}"` : ''}${c}>`, close: '</ol>' };
		}
		case 'listItem':
			return { open: `<li dir="auto"${c}>`, close: '</li>' };
		case 'table':
			return { open: `<div class="doc-table"><table${c}><tbody>`, close: '</tbody></table></div>' };
		case 'tableRow':
			return { open: `<tr${c}>`, close: '</tr>' };
		case 'tableCell':
		case 'tableHeader': {
			const tag = type === 'tableHeader' ? 'th' : 'td';
			const colspan = num(attrs?.colspan, 1);
			const rowspan = num(attrs?.rowspan, 1);
			const span = (colspan > 1 ? ` colspan="${colspan}"` : '') + (rowspan > 1 ? ` rowspan="${rowspan}"` : '');
			return { open: `<${tag} dir="auto"${span}${c}>`, close: `</${tag}>` };
		}
		case 'codeBlock':
			return { open: `<pre${c}><code>`, close: '</code></pre>' };
		default:
			return { open: `<div${c}>`, close: '</div>' };
	}
}

/** Inline content of a text block as it is (no changes). */
function inlineHtml(content: DocJSON[] | undefined): string {
	let html = '';
	for (const node of content ?? []) {
		if (node.type === 'text') html += markedText(node.text ?? '', node.marks);
		else if (node.type === 'hardBreak') html += '<br>';
	}
	return html;
}

function nodeHtml(node: DocJSON, wrap?: { tag: 'ins' | 'del'; start: string; end: string }, cls?: string): string {
	if (node.type === 'horizontalRule') {
		return wrap ? `<${wrap.tag} class="diff-rule"><span class="visually-hidden">${escapeHtml(wrap.start)} —${escapeHtml(wrap.end)}</span><hr${cls ? ` class="${cls}"` : ''}></${wrap.tag}>` : '<hr>';
	}
	if (node.type === 'hardBreak') return '<br>';
	if (node.type === 'text') return markedText(node.text ?? '', node.marks);
	const tag = blockTag(node.type, node.attrs, cls);
	if (isTextblock(node)) {
		const inner = inlineHtml(node.content);
		if (!wrap) return tag.open + inner + tag.close;
		// Marked even when empty, so that an added empty line is still announced.
		return `${tag.open}<${wrap.tag}><span class="visually-hidden">${escapeHtml(wrap.start)} </span>${inner}<span class="visually-hidden"> ${escapeHtml(wrap.end)}</span></${wrap.tag}>${tag.close}`;
	}
	let inner = '';
	for (const child of node.content ?? []) inner += nodeHtml(child, wrap);
	return tag.open + inner + tag.close;
}

/** A stored version, read-only. */
export function renderDocument(doc: DocJSON): string {
	let html = '';
	for (const node of doc.content ?? []) html += nodeHtml(node);
	return html;
}

// ---------------------------------------------------------------------------------------------
// Comparisons

function segmentsHtml(segments: Segment[], mode: DiffMode, labels: DiffLabels): string {
	let html = '';
	let k = 0;
	while (k < segments.length) {
		const s = segments[k].s;
		// A run of one kind of change is one <ins> or <del>, whatever marks its words have.
		let end = k;
		while (end < segments.length && segments[end].s === s) end++;
		const run = segments.slice(k, end);
		k = end;
		if ((s === 'ins' && mode === 'old') || (s === 'del' && mode === 'new')) continue;
		const body = run.map((seg) => (seg.br ? '<br>' : markedText(seg.text, s === 'fmt' && mode === 'old' ? seg.oldMarks : seg.marks))).join('');
		if (s === 'eq') html += body;
		else if (s === 'ins') html += `<ins><span class="visually-hidden">${escapeHtml(labels.insertedStart)} </span>${body}<span class="visually-hidden"> ${escapeHtml(labels.insertedEnd)}</span></ins>`;
		else if (s === 'del') html += `<del><span class="visually-hidden">${escapeHtml(labels.deletedStart)} </span>${body}<span class="visually-hidden"> ${escapeHtml(labels.deletedEnd)}</span></del>`;
		else html += `<span class="diff-format">${body}<span class="visually-hidden"> (${escapeHtml(labels.formatChanged)})</span></span>`;
	}
	return html;
}

function blockHtml(block: DiffBlock, mode: DiffMode, labels: DiffLabels): string {
	const ins = { tag: 'ins' as const, start: labels.insertedStart, end: labels.insertedEnd };
	const del = { tag: 'del' as const, start: labels.deletedStart, end: labels.deletedEnd };
	switch (block.status) {
		case 'equal':
			return nodeHtml(block.node);
		case 'inserted':
			return mode === 'old' ? '' : nodeHtml(block.node, ins, 'diff-block-ins');
		case 'deleted':
			return mode === 'new' ? '' : nodeHtml(block.node, del, 'diff-block-del');
	}
	const node = block.node;
	const useOld = mode === 'old';
	const type = useOld && block.oldType ? block.oldType : node.type;
	const attrs = useOld && block.oldAttrs ? block.oldAttrs : node.attrs;
	const kindChanged = !!block.oldType || (!!block.oldAttrs && !!block.inline);
	const tag = blockTag(type, attrs, kindChanged ? 'diff-block-format' : undefined);
	let inner: string;
	if (block.inline) {
		inner = segmentsHtml(block.inline, mode, labels);
		if (kindChanged) inner += `<span class="visually-hidden"> (${escapeHtml(labels.blockChanged)})</span>`;
	} else {
		inner = (block.children ?? []).map((child) => blockHtml(child, mode, labels)).join('');
	}
	return tag.open + inner + tag.close;
}

/**
 * Line numbers of a comparison (server/export/compare-lines.ts): per top-level block, the lines it
 * takes in the older and the newer version, e.g. "12–15"; `label` is read before them ("Zeilen").
 */
export interface LineRefs {
	label: string;
	blocks: { old?: string; new?: string }[];
}

/** A block with its line numbers in the margin (see RenderedText's .line-ref). */
function withLines(html: string, range: string | undefined, refs: LineRefs | undefined): string {
	if (!refs || !html) return html;
	const ref = range ? `<span class="line-ref"><span class="visually-hidden">${escapeHtml(refs.label)} </span>${escapeHtml(range)}</span>` : '';
	return `<div class="line-block">${ref}${html}</div>`;
}

/** The whole comparison in one text: insertions and deletions marked in place, numbered as the newer version. */
export function renderComparison(cmp: Comparison, labels: DiffLabels, lines?: LineRefs): string {
	return cmp.blocks.map((b, i) => withLines(blockHtml(b, 'inline', labels), lines?.blocks[i]?.new, lines)).join('');
}

/**
 * Side by side: the older version on the left, the newer on the right, row by row, so that a
 * changed passage sits beside what it was. Unchanged blocks get a row each; a stretch of changed
 * blocks shares one row, so that removed and added paragraphs face each other.
 */
export function renderSideBySide(cmp: Comparison, labels: DiffLabels, lines?: LineRefs): string {
	let html = '';
	let k = 0;
	while (k < cmp.blocks.length) {
		const first = cmp.blocks[k];
		if (first.status === 'equal') {
			const same = nodeHtml(first.node);
			const refs = lines?.blocks[k];
			html += `<div class="diff-row"><div class="diff-old">${withLines(same, refs?.old, lines)}</div><div class="diff-new">${withLines(same, refs?.new, lines)}</div></div>`;
			k++;
			continue;
		}
		let left = '';
		let right = '';
		while (k < cmp.blocks.length && cmp.blocks[k].status !== 'equal') {
			left += withLines(blockHtml(cmp.blocks[k], 'old', labels), lines?.blocks[k]?.old, lines);
			right += withLines(blockHtml(cmp.blocks[k], 'new', labels), lines?.blocks[k]?.new, lines);
			k++;
		}
		html += `<div class="diff-row diff-row-changed"><div class="diff-old">${left}</div><div class="diff-new">${right}</div></div>`;
	}
	return html;
}
