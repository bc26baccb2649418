// Renderings of a paper for search, lists and exports: ProseMirror JSON of the `default` fragment
// (as the editor sees it) and plain text, one line per text block.
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import type { Rendering } from './persistence.ts';

export const PAPER_FIELD = 'default';

interface JsonNode {
	type?: unknown;
	text?: unknown;
	content?: unknown;
}

export function renderPaper(doc: Y.Doc): Rendering {
	const json = clean(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(PAPER_FIELD))) as JsonNode;
	return { json, text: plainText(json) };
}

/** Block nodes become lines; inline content (text, hard breaks) is joined within its block. */
export function plainText(doc: unknown): string {
	const lines: string[] = [];
	const walk = (node: JsonNode, depth: number) => {
		if (depth > MAX_DEPTH) return;
		const children = Array.isArray(node.content) ? (node.content.flat() as JsonNode[]) : [];
		if (children.some(isInline)) {
			lines.push(children.map(inlineText).join(''));
			return;
		}
		for (const child of children) if (child && typeof child === 'object') walk(child, depth + 1);
	};
	if (doc && typeof doc === 'object') walk(doc as JsonNode, 0);
	return lines.join('\n');
}

const isInline = (node: JsonNode) => node?.type === 'text' || node?.type === 'hardBreak';
const inlineText = (node: JsonNode) => (node?.type === 'hardBreak' ? '\n' : typeof node?.text === 'string' ? node.text : '');

/** Deeper than any real paper (lists in tables in quotes); a forged document may nest without end. */
const MAX_DEPTH = 100;

/**
 * JSON-safe copy: PostgreSQL refuses NUL in text and lone surrogates in jsonb, and a forged
 * document can put Yjs types or binary data into attributes; none of that may stop the rendering.
 */
function clean(value: unknown, depth = 0): unknown {
	if (depth > MAX_DEPTH) return null;
	if (typeof value === 'string') return value.replaceAll('\0', '').toWellFormed();
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'boolean' || value === null) return value;
	if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
	if (typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k, depth), clean(v, depth + 1)]));
	}
	return null;
}
