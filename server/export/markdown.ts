// Markdown (CommonMark with GFM tables and strikethrough) of a frozen paper, for websites.
// Written here rather than with prosemirror-markdown: its default serializer knows neither tables
// nor underline, expects snake_case node names (bullet_list, hard_break) where TipTap has
// camelCase, and would need a ProseMirror Node built from the JSON first; the rules below are
// short and cover exactly the nodes of paperExtensions(). Underline has no Markdown; its text stays,
// unmarked (an inline <u> would show as literal text where a site renders without raw HTML).
import type { DocNode } from './lines.ts';
import type { ExportDocument } from './model.ts';

type Mark = NonNullable<DocNode['marks']>[number];

export function renderMarkdown(doc: ExportDocument): string {
	const parts: string[] = [`# ${escapeInline(doc.title)}`, escapeInline(doc.federation)];
	if (doc.details.length) parts.push(doc.details.map((d) => `**${escapeInline(d.label)}:** ${escapeInline(d.value)}`).join('  \n'));
	if (doc.outcome) {
		parts.push(`**${escapeInline(doc.outcome.heading)}**  \n${doc.outcome.lines.map(escapeInline).join('  \n')}`);
	}
	parts.push('---');
	// The paper's title is the one level-1 heading; its own headings move down a level.
	const body = blocks(doc.content.content ?? [], 1);
	if (body) parts.push(body);
	if (doc.outcome && doc.outcome.endorsements.length) {
		parts.push('---', `## ${escapeInline(doc.outcome.endorsementsHeading)}`, doc.outcome.endorsements.map((o) => `- ${escapeInline(o)}`).join('\n'));
	}
	return parts.join('\n\n') + '\n';
}

/** The text of a paper alone, headings at their own level (for tests and plain conversions). */
export function contentToMarkdown(content: DocNode): string {
	return blocks(content.content ?? [], 0) + '\n';
}

function blocks(nodes: DocNode[], headingShift: number): string {
	return nodes
		.map((n) => block(n, headingShift))
		.filter((s) => s !== '')
		.join('\n\n');
}

function block(node: DocNode, headingShift: number): string {
	switch (node.type) {
		case 'paragraph':
			return inline(node.content ?? [], false);
		case 'heading': {
			const level = Math.min(6, (Number(node.attrs?.level ?? 1) || 1) + headingShift);
			const text = inline(node.content ?? [], true);
			return text ? `${'#'.repeat(level)} ${text}` : '';
		}
		case 'bulletList':
		case 'orderedList':
			return list(node, headingShift);
		case 'blockquote':
			return prefixLines(blocks(node.content ?? [], headingShift), '> ', '>');
		case 'horizontalRule':
			return '---';
		case 'table':
			return table(node);
		default:
			return node.content ? blocks(node.content, headingShift) : escapeInline(node.text ?? '');
	}
}

function list(node: DocNode, headingShift: number): string {
	const ordered = node.type === 'orderedList';
	const start = Math.trunc(Number(node.attrs?.start ?? 1)) || 1;
	const items = node.content ?? [];
	// Tight (no blank line between items) unless an item holds more than one paragraph.
	const loose = items.some((item) => (item.content ?? []).filter((c) => c.type === 'paragraph').length > 1);
	const rendered = items.map((item, i) => {
		const marker = ordered ? `${start + i}. ` : '- ';
		const inner = (item.content ?? []).map((c) => block(c, headingShift)).filter((s) => s !== '');
		const body = inner.join(loose ? '\n\n' : '\n') || '';
		// Continuation lines are indented to the text after the marker, as CommonMark wants.
		return marker + prefixLines(body, ' '.repeat(marker.length), '').replace(/^ +/, '');
	});
	return rendered.join(loose ? '\n\n' : '\n');
}

function prefixLines(text: string, prefix: string, blankPrefix: string): string {
	return text
		.split('\n')
		.map((line) => (line === '' ? blankPrefix : prefix + line))
		.join('\n');
}

function table(node: DocNode): string {
	const rows = (node.content ?? []).map((row) => {
		const cells: string[] = [];
		for (const cell of row.content ?? []) {
			const text = (cell.content ?? [])
				.map((c) => cellText(c))
				.filter((s) => s !== '')
				.join('<br>');
			cells.push(text);
			// GFM has no column spans: the spanned columns stay empty.
			const span = Math.trunc(Number(cell.attrs?.colspan ?? 1)) || 1;
			for (let s = 1; s < span; s++) cells.push('');
		}
		return cells;
	});
	if (rows.length === 0) return '';
	const width = Math.max(...rows.map((r) => r.length));
	const line = (cells: string[]) => `| ${[...cells, ...Array(width - cells.length).fill('')].join(' | ')} |`;
	// GFM needs a header row; a table without one gets its first row as header.
	return [line(rows[0]), `| ${Array(width).fill('---').join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

/** A cell's block as one line: lists become "- item; - item" style text separated by <br>. */
function cellText(node: DocNode): string {
	if (node.type === 'paragraph' || node.type === 'heading') return inline(node.content ?? [], true);
	if (node.type === 'bulletList' || node.type === 'orderedList') {
		const start = Math.trunc(Number(node.attrs?.start ?? 1)) || 1;
		return (node.content ?? [])
			.map((item, i) => `${node.type === 'orderedList' ? `${start + i}.` : '•'} ${(item.content ?? []).map(cellText).join(' ')}`)
			.join('<br>');
	}
	return (node.content ?? []).map(cellText).join('<br>');
}

// --- Inline -------------------------------------------------------------------------------------

const MARK_ORDER = ['link', 'bold', 'italic', 'strike'];

function markKey(m: Mark): string {
	return m.type === 'link' ? `link:${String(m.attrs?.href ?? '')}` : m.type;
}

function open(m: Mark): string {
	switch (m.type) {
		case 'bold':
			return '**';
		case 'italic':
			return '*';
		case 'strike':
			return '~~';
		case 'link':
			return '[';
		default:
			return '';
	}
}

function close(m: Mark): string {
	switch (m.type) {
		case 'bold':
			return '**';
		case 'italic':
			return '*';
		case 'strike':
			return '~~';
		case 'link':
			return `](${linkTarget(String(m.attrs?.href ?? ''))})`;
		default:
			return '';
	}
}

function linkTarget(href: string): string {
	return /[\s()<>]/.test(href) ? `<${href.replace(/[<>]/g, encodeURIComponent)}>` : href;
}

/**
 * Inline content with marks opened and closed around runs of text. Spaces at the edge of a marked
 * run move outside the delimiters ("** fett**" is not bold in CommonMark). `inCell`: hard breaks
 * become <br>, because a table row must stay on one line.
 */
function inline(nodes: DocNode[], inCell: boolean): string {
	let out = '';
	let active: Mark[] = [];
	const closeTo = (keep: number) => {
		const trailing = /[ \t]*$/.exec(out)?.[0] ?? '';
		out = out.slice(0, out.length - trailing.length);
		while (active.length > keep) out += close(active.pop()!);
		out += trailing;
	};
	for (const node of nodes) {
		if (node.type === 'hardBreak') {
			closeTo(0);
			out += inCell ? '<br>' : '\\\n';
			continue;
		}
		if (node.type !== 'text' || !node.text) continue;
		const marks = [...(node.marks ?? [])].filter((m) => MARK_ORDER.includes(m.type)).sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type));
		const keys = marks.map(markKey);
		let common = 0;
		while (common < active.length && common < marks.length && markKey(active[common]) === keys[common]) common++;
		closeTo(common);
		let text = escapeInline(node.text.replace(/\n/g, ' '));
		if (marks.length > common) {
			const leading = /^[ \t]*/.exec(text)![0];
			out += leading;
			text = text.slice(leading.length);
			for (const m of marks.slice(common)) out += open(m);
			active = [...active, ...marks.slice(common)];
		}
		out += text;
	}
	closeTo(0);
	// Spaces at a line's end are invisible (two would be a hard break); a line that would start a
	// block (a heading, list, quote or rule) gets its first character escaped.
	return out
		.split('\n')
		.map((line) => line.replace(/[ \t]+$/, ''))
		.map((line) => line.replace(/^(\s*)([#>+-]|=+\s*$|\d+(?=[.)]))/, (_m, space: string, lead: string) => (/^\d/.test(lead) ? `${space}${lead}\\` : `${space}\\${lead}`)))
		.join('\n');
}

/** Escapes what Markdown would read as syntax inside a line. */
function escapeInline(text: string): string {
	return text.replace(/[\\`*_[\]<>|~]/g, '\\$&');
}
