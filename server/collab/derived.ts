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
	const json = clean(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(PAPER_FIELD)));
	return { json, text: plainText(json) };
}

/** Block nodes become lines; inline content (text, hard breaks) is joined within its block. */
export function plainText(doc: unknown): string {
	const lines: string[] = [];
	const walk = (node: JsonNode) => {
		const children = Array.isArray(node.content) ? (node.content.flat() as JsonNode[]) : [];
		if (children.some(isInline)) {
			lines.push(children.map(inlineText).join(''));
			return;
		}
		for (const child of children) if (child && typeof child === 'object') walk(child);
	};
	if (doc && typeof doc === 'object') walk(doc as JsonNode);
	return lines.join('\n');
}

const isInline = (node: JsonNode) => node?.type === 'text' || node?.type === 'hardBreak';
const inlineText = (node: JsonNode) => (node?.type === 'hardBreak' ? '\n' : typeof node?.text === 'string' ? node.text : '');

/**
 * PostgreSQL refuses NUL in text and lone surrogates in jsonb; a client can put both into the
 * document, and that must not stop its rendering from being stored.
 */
function clean<T>(value: T): T {
	if (typeof value === 'string') return value.replaceAll('\0', '').toWellFormed() as T;
	if (Array.isArray(value)) return value.map(clean) as T;
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), clean(v)])) as T;
	}
	return value;
}
