// The paper schema runs in Node (no DOM) and every node and mark survives the trip through Yjs,
// including the V1 encoding that the database stores.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getSchema, type JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYDoc, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { PAPER_FRAGMENT, paperExtensions } from '../server/papers/document-schema.ts';
import { paperNodeFromJSON, paperNodeOfDoc, paperStateFromJSON } from '../server/papers/document-content.ts';
import { renderPaper } from '../server/collab/derived.ts';

const text = (t: string, marks?: JSONContent['marks']): JSONContent => (marks ? { type: 'text', text: t, marks } : { type: 'text', text: t });
const para = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const cell = (type: 'tableCell' | 'tableHeader', t: string, attrs: Record<string, unknown> = {}): JSONContent => ({ type, attrs, content: [para(text(t))] });

const everything: JSONContent = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 1 }, content: [text('Bundespartizipationsgesetz')] },
		{ type: 'heading', attrs: { level: 2 }, content: [text('§ 1 Ziel')] },
		{ type: 'heading', attrs: { level: 3 }, content: [text('Absatz')] },
		{ type: 'heading', attrs: { level: 4 }, content: [text('Unterabsatz')] },
		para(
			text('fett', [{ type: 'bold' }]),
			text(' kursiv', [{ type: 'italic' }]),
			text(' unterstrichen', [{ type: 'underline' }]),
			text(' durchgestrichen', [{ type: 'strike' }]),
			text(' alles', [{ type: 'bold' }, { type: 'italic' }, { type: 'underline' }, { type: 'strike' }]),
			text(' Verweis', [{ type: 'link', attrs: { href: 'https://example.org/gesetz', title: 'Gesetz' } }]),
			{ type: 'hardBreak' },
			text('neue Zeile')
		),
		{ type: 'bulletList', content: [{ type: 'listItem', content: [para(text('Punkt'))] }, { type: 'listItem', content: [para(text('Noch ein Punkt')), { type: 'bulletList', content: [{ type: 'listItem', content: [para(text('Unterpunkt'))] }] }] }] },
		{ type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [para(text('Forderung drei'))] }, { type: 'listItem', content: [para(text('Forderung vier'))] }] },
		{ type: 'blockquote', content: [para(text('„Nichts über uns ohne uns.“'))] },
		{ type: 'horizontalRule' },
		{
			type: 'table',
			content: [
				{ type: 'tableRow', content: [cell('tableHeader', 'Ebene'), cell('tableHeader', 'Gremium')] },
				{ type: 'tableRow', content: [cell('tableCell', 'Bund'), cell('tableCell', 'Beirat')] },
				{ type: 'tableRow', content: [cell('tableCell', 'Länder und Kommunen', { colspan: 2 })] }
			]
		},
		para(text('مرحبا بالعالم — right to left'))
	]
};

describe('paper schema', () => {
	const schema = getSchema(paperExtensions());

	it('has every node and mark the editor offers, and nothing for code', () => {
		for (const node of ['doc', 'paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'blockquote', 'horizontalRule', 'hardBreak', 'table', 'tableRow', 'tableHeader', 'tableCell', 'text']) {
			expect(schema.nodes[node], node).toBeDefined();
		}
		for (const mark of ['bold', 'italic', 'underline', 'strike', 'link']) expect(schema.marks[mark], mark).toBeDefined();
		expect(schema.nodes.codeBlock).toBeUndefined();
		expect(schema.marks.code).toBeUndefined();
	});

	it('round-trips a document with every node and mark through Yjs and its V1 encoding', () => {
		const expected = schema.nodeFromJSON(everything).toJSON();
		// Yjs leaves out attributes whose value is null; the schema fills them in again.
		const normalised = (json: JSONContent) => schema.nodeFromJSON(json).toJSON();
		const ydoc = prosemirrorJSONToYDoc(schema, everything, PAPER_FRAGMENT);
		expect(normalised(yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment(PAPER_FRAGMENT)))).toEqual(expected);

		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc));
		expect(normalised(yXmlFragmentToProsemirrorJSON(copy.getXmlFragment(PAPER_FRAGMENT)))).toEqual(expected);
		const node = paperNodeOfDoc(copy);
		node.check();
		expect(node.toJSON()).toEqual(expected);
	});

	it('builds a stored state and plain text from JSON', () => {
		const state = paperStateFromJSON(everything);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		const node = paperNodeOfDoc(doc);
		expect(node.toJSON()).toEqual(schema.nodeFromJSON(everything).toJSON());
		const plain = renderPaper(doc).text;
		expect(plain).toContain('Bundespartizipationsgesetz');
		expect(plain).toContain('Forderung drei');
		expect(plain).toContain('Länder und Kommunen');
		expect(plain).not.toContain('<');
	});

	it('refuses JSON with nodes the schema does not know', () => {
		expect(() => paperNodeFromJSON({ type: 'doc', content: [{ type: 'codeBlock', content: [text('x')] }] })).toThrow();
		expect(() => paperNodeFromJSON({ type: 'doc', content: [text('bare text at the top')] })).toThrow();
	});
});
