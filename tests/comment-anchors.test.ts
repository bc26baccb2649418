// Anchors stay on their passage while two people edit around and inside it at the same time, and
// a passage deleted whole leaves a detached thread. Two real Yjs documents exchange real updates.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import { AnchorResolver, anchorFromRange, passageText, anchorFromBase64, anchorToBase64, decodeAnchorEnd, leafPredicate, type Anchor } from '../server/comments/anchors.ts';
import { paperNodeOfDoc, paperSchema, writePaperContent } from '../server/papers/document-content.ts';
import { PAPER_FRAGMENT } from '../server/papers/document-schema.ts';

const isLeaf = leafPredicate(paperSchema());

const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const text = (t: string, marks?: { type: string }[]): JSONContent => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });

/** Two documents that start equal; `sync()` exchanges what each lacks (both directions). */
function twoPeople(json: JSONContent) {
	const a = new Y.Doc();
	writePaperContent(a, json);
	const b = new Y.Doc();
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	const sync = () => {
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	};
	return { a, b, sync };
}

const fragment = (doc: Y.Doc) => doc.getXmlFragment(PAPER_FRAGMENT);

/** The ProseMirror position of a piece of text within one textblock, as the editor would see it. */
function find(doc: Y.Doc, needle: string): { from: number; to: number } {
	const node = paperNodeOfDoc(doc);
	let found: { from: number; to: number } | undefined;
	node.descendants((n, pos) => {
		if (found || !n.isTextblock) return !found;
		// leaves (a hard break) count one position and no character
		let offset = 0;
		let flat = '';
		const at: number[] = [];
		n.forEach((child) => {
			const chars = child.isText ? child.text! : '\u0000';
			for (let i = 0; i < chars.length; i++) at.push(offset + i);
			flat += chars;
			offset += child.nodeSize;
		});
		const i = flat.indexOf(needle);
		if (i >= 0) found = { from: pos + 1 + at[i], to: pos + 1 + at[i + needle.length - 1] + 1 };
		return false;
	});
	if (!found) throw new Error(`not found: ${needle}`);
	return found;
}

function anchorOn(doc: Y.Doc, needle: string): Anchor {
	const { from, to } = find(doc, needle);
	return anchorFromRange(fragment(doc), from, to, isLeaf);
}

/** The passage's current text, or null when detached. */
function passage(doc: Y.Doc, anchor: Anchor): string | null {
	const range = new AnchorResolver(doc, fragment(doc), isLeaf).resolve(anchor);
	return range && passageText(paperNodeOfDoc(doc), range.from, range.to);
}

/** The first XmlText of the n-th top-level block. */
const textOf = (doc: Y.Doc, block: number) => (fragment(doc).get(block) as Y.XmlElement).get(0) as Y.XmlText;

const content: JSONContent = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 1 }, content: [text('Bildung für alle')] },
		paragraph(text('Wir fordern '), text('gebührenfreie Kitas', [{ type: 'bold' }]), text(' in jedem Land.')),
		paragraph(text('Zweiter Absatz'), { type: 'hardBreak' }, text('nach dem Umbruch.')),
		paragraph(text('Dritter Absatz.')),
		{
			type: 'table',
			content: [
				{ type: 'tableRow', content: [{ type: 'tableCell', content: [paragraph(text('Zelle eins'))] }, { type: 'tableCell', content: [paragraph(text('Zelle zwei'))] }] }
			]
		}
	]
};

describe('comment anchors', () => {
	it('resolve to the passage they were made on', () => {
		const { a, b } = twoPeople(content);
		const anchor = anchorOn(a, 'gebührenfreie Kitas in jedem');
		expect(passage(a, anchor)).toBe('gebührenfreie Kitas in jedem');
		// the other person's copy resolves the same anchor to the same passage
		expect(passage(b, anchor)).toBe('gebührenfreie Kitas in jedem');
		// across a hard break (a leaf node) and across blocks
		expect(passage(a, anchorOn(a, 'nach dem Umbruch'))).toBe('nach dem Umbruch');
		expect(passage(b, anchorOn(a, 'Zelle zwei'))).toBe('Zelle zwei');
		const from = find(a, 'Absatz').from;
		const to = find(a, 'Dritter').to;
		expect(passage(a, anchorFromRange(fragment(a), from, to, isLeaf))).toBe('Absatz\nnach dem Umbruch.\nDritter');
	});

	it('stay on their passage while the other person types before, inside and at both ends', () => {
		const { a, b, sync } = twoPeople(content);
		const anchor = anchorOn(a, 'gebührenfreie Kitas');
		// concurrent: A types before the passage, B inside it and at both ends, then they sync
		fragment(a).insert(0, [new Y.XmlElement('paragraph')]);
		(fragment(a).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Ganz neuer Anfang. ')]);
		textOf(a, 2).insert(0, 'Heute: ');
		const t = textOf(b, 1);
		const start = 'Wir fordern '.length;
		t.insert(start + 'gebührenfreie'.length, ' und gute');
		t.insert(start, '[vorher]');
		const end = start + '[vorher]gebührenfreie und gute Kitas'.length;
		t.insert(end, '[danach]');
		sync();
		expect(passage(a, anchor)).toBe('gebührenfreie und gute Kitas');
		expect(passage(b, anchor)).toBe('gebührenfreie und gute Kitas');
		expect(paperNodeOfDoc(a).textContent).toContain('[vorher]gebührenfreie und gute Kitas[danach]');
	});

	it('shrink when part of the passage is deleted', () => {
		const { a, b, sync } = twoPeople(content);
		const anchor = anchorOn(a, 'gebührenfreie Kitas in jedem');
		const t = textOf(b, 1);
		t.delete('Wir fordern '.length, 'gebührenfreie '.length);
		sync();
		expect(passage(a, anchor)).toBe('Kitas in jedem');
	});

	it('detach when the passage is deleted whole, and keep resolving to nothing', () => {
		const { a, b, sync } = twoPeople(content);
		const anchor = anchorOn(a, 'gebührenfreie Kitas');
		const t = textOf(b, 1);
		t.delete('Wir fordern '.length, 'gebührenfreie Kitas'.length);
		sync();
		expect(passage(a, anchor)).toBeNull();
		expect(passage(b, anchor)).toBeNull();
		// typing where the passage was does not bring it back
		textOf(a, 1).insert('Wir fordern '.length, 'kostenlose Kitas');
		sync();
		expect(passage(b, anchor)).toBeNull();
	});

	it('detach when the whole paragraph is deleted, also after the deletion is garbage-collected', () => {
		const { a, b, sync } = twoPeople(content);
		const anchor = anchorOn(a, 'Dritter Absatz');
		fragment(b).delete(3, 1);
		sync();
		expect(passage(a, anchor)).toBeNull();
		// a document loaded from the stored state (deleted content collected) agrees
		const loaded = new Y.Doc();
		Y.applyUpdate(loaded, Y.encodeStateAsUpdate(a));
		expect(passage(loaded, anchor)).toBeNull();
		expect(passage(loaded, anchorOn(loaded, 'Bildung'))).toBe('Bildung');
	});

	it('stay detached alike for everyone when the deletion is undone', () => {
		// Undo brings the paragraph back as new items; only the undoing client knows they replace the
		// old ones (Item.redone is not part of updates). Following them there but not elsewhere
		// would show the thread attached for one person and detached for all others.
		const { a, b, sync } = twoPeople(content);
		const anchor = anchorOn(a, 'Dritter Absatz');
		const undo = new Y.UndoManager(fragment(b));
		fragment(b).delete(3, 1);
		undo.stopCapturing();
		sync();
		expect(passage(a, anchor)).toBeNull();
		undo.undo();
		sync();
		expect(paperNodeOfDoc(a).textContent).toContain('Dritter Absatz');
		expect(passage(a, anchor)).toBeNull();
		expect(passage(b, anchor)).toBeNull();
	});

	it('resolve to nothing in a document that has not yet seen the passage', () => {
		const { a, b } = twoPeople(content);
		textOf(a, 3).insert(0, 'Neu geschrieben: ');
		const anchor = anchorOn(a, 'Neu geschrieben');
		expect(passage(b, anchor)).toBeNull();
	});

	it('refuse garbage and foreign root types', () => {
		const doc = new Y.Doc();
		writePaperContent(doc, content);
		const resolver = new AnchorResolver(doc, fragment(doc), isLeaf);
		expect(resolver.resolve({ start: new Uint8Array([1, 2, 3]), end: new Uint8Array([255]) })).toBeNull();
		const foreign = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(doc.getText('other'), 0, 0));
		expect(decodeAnchorEnd(foreign, PAPER_FRAGMENT)).toBeNull();
		const sharesBefore = doc.share.size;
		expect(resolver.resolve({ start: foreign, end: foreign })).toBeNull();
		expect(doc.share.size).toBe(sharesBefore);
		expect(() => anchorFromRange(fragment(doc), 5, 5, isLeaf)).toThrow();
	});

	it('travel as base64', () => {
		const doc = new Y.Doc();
		writePaperContent(doc, content);
		const anchor = anchorOn(doc, 'Kitas');
		const back = anchorFromBase64(anchorToBase64(anchor.start));
		expect(back).toEqual(anchor.start);
		expect(anchorFromBase64('not base64!')).toBeNull();
		expect(anchorFromBase64(42)).toBeNull();
	});
});
