// Anchors of comment threads: a pair of Yjs relative positions into the paper's XmlFragment,
// kept outside the text. They follow their passage through concurrent edits because they name
// the characters themselves (by Yjs item id), not offsets.
//
// The start is associated with the first character of the passage (assoc >= 0) and the end with
// the last one (assoc < 0), so text typed right before or right after the passage stays outside
// it, and text typed inside it is inside. When the passage is deleted whole, both ends resolve to
// the same place (or into deleted content): the thread is then detached and shows its quote.
//
// Positions are ProseMirror positions in the document that y-tiptap builds from the fragment. The
// walk below needs no ProseMirror document: it sizes nodes from the Yjs tree and asks the schema
// only which nodes are leaves (a leaf such as a hard break has size 1, no open and close token).
// Pure and DOM-free: the browser's highlight plugin and the server's thread list share it.
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';

export interface Anchor {
	start: Uint8Array;
	end: Uint8Array;
}

/** A passage in ProseMirror positions, or null when the passage is gone (detached). */
export type ResolvedRange = { from: number; to: number } | null;

/** Whether a node type of the schema is a leaf (size 1 in ProseMirror). */
export type IsLeaf = (nodeName: string) => boolean;

/** Builds the predicate from a ProseMirror schema (or anything with `nodes[name].isLeaf`). */
export function leafPredicate(schema: { nodes: Record<string, { isLeaf: boolean } | undefined> }): IsLeaf {
	return (name) => schema.nodes[name]?.isLeaf ?? false;
}

type Container = Y.XmlFragment | Y.XmlElement;
// Yjs types its tree nodes as AbstractType<any>; one alias keeps the `any` in one place.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type YType = Y.AbstractType<any>;

/** Sizes of elements, memoised for one state of one document. */
class Sizer {
	#sizes = new Map<Y.XmlElement, number>();
	constructor(private isLeaf: IsLeaf) {}

	size(node: Y.XmlElement | Y.XmlText): number {
		if (node instanceof Y.XmlText) return node.length;
		let size = this.#sizes.get(node);
		if (size === undefined) {
			if (this.isLeaf(node.nodeName)) size = 1;
			else {
				size = 2;
				for (const child of liveChildren(node)) size += this.size(child);
			}
			this.#sizes.set(node, size);
		}
		return size;
	}
}

function liveChildren(type: Container): (Y.XmlElement | Y.XmlText)[] {
	const out: (Y.XmlElement | Y.XmlText)[] = [];
	for (let item = type._start; item !== null; item = item.right) {
		if (!item.deleted && item.content instanceof Y.ContentType) out.push(item.content.type as Y.XmlElement | Y.XmlText);
	}
	return out;
}

/** The Yjs type and index at a ProseMirror position (inside text when the position is in text). */
function locate(container: Container, pos: number, sizer: Sizer): { type: YType; index: number } {
	let index = 0;
	for (const child of liveChildren(container)) {
		if (child instanceof Y.XmlText) {
			if (pos <= child.length) return { type: child, index: pos };
			pos -= child.length;
		} else {
			if (pos === 0) return { type: container, index };
			const size = sizer.size(child);
			if (pos < size) return locate(child, pos - 1, sizer);
			pos -= size;
		}
		index++;
	}
	if (pos !== 0) throw new RangeError('position outside the document');
	return { type: container, index };
}

/** Anchors for the passage from..to (ProseMirror positions, from < to) of the fragment. */
export function anchorFromRange(fragment: Y.XmlFragment, from: number, to: number, isLeaf: IsLeaf): Anchor {
	if (!(from < to)) throw new RangeError('empty passage');
	const sizer = new Sizer(isLeaf);
	const a = locate(fragment, from, sizer);
	const b = locate(fragment, to, sizer);
	return {
		start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(a.type, a.index, 0)),
		end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(b.type, b.index, -1))
	};
}

/**
 * Decodes one stored or submitted anchor end. Returns null for anything that is not a relative
 * position into this fragment: a crafted root name would otherwise make Y.Doc.get() add a type.
 */
export function decodeAnchorEnd(bytes: Uint8Array, fragmentName: string): Y.RelativePosition | null {
	if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > 512) return null;
	try {
		const rel = Y.decodeRelativePosition(bytes);
		if (rel.tname !== null && rel.tname !== fragmentName) return null;
		if (rel.item === null && rel.type === null && rel.tname === null) return null;
		return rel;
	} catch {
		return null;
	}
}

/** Resolves anchors against one state of a document; create a new one after the document changed. */
export class AnchorResolver {
	#sizer: Sizer;
	constructor(
		private doc: Y.Doc,
		private fragment: Y.XmlFragment,
		isLeaf: IsLeaf
	) {
		this.#sizer = new Sizer(isLeaf);
	}

	resolve(anchor: Anchor): ResolvedRange {
		const name = fragmentName(this.fragment);
		const start = decodeAnchorEnd(anchor.start, name);
		const end = decodeAnchorEnd(anchor.end, name);
		if (!start || !end) return null;
		const from = this.position(start);
		const to = this.position(end);
		if (from === null || to === null || from >= to) return null;
		return { from, to };
	}

	/** The ProseMirror position of a relative position, or null if it is gone or unknown here. */
	position(rel: Y.RelativePosition): number | null {
		let abs: Y.AbsolutePosition | null;
		try {
			// Not following undone deletions: only the client that undid knows the new items replace
			// the old ones, so following them would make that one client disagree with everyone else.
			abs = Y.createAbsolutePositionFromRelativePosition(rel, this.doc, false);
		} catch {
			return null;
		}
		if (!abs) return null;
		let type = abs.type as YType;
		// Inside this fragment and in no deleted node: else the passage went with its node.
		for (let t: YType = type; t !== this.fragment; ) {
			const item = t._item;
			if (!item || item.deleted || !(item.parent instanceof Y.AbstractType)) return null;
			t = item.parent;
		}
		let pos: number;
		if (type instanceof Y.XmlText) pos = abs.index;
		else if (type instanceof Y.XmlElement || type instanceof Y.XmlFragment) {
			pos = 1;
			const children = liveChildren(type);
			for (let i = 0; i < abs.index && i < children.length; i++) pos += this.#sizer.size(children[i]);
		} else return null;
		while (type !== this.fragment) {
			const parent = type._item!.parent as Container;
			pos += 1;
			for (const sibling of liveChildren(parent)) {
				if (sibling === type) break;
				pos += this.#sizer.size(sibling);
			}
			type = parent;
		}
		// The fragment has no open token of its own.
		return pos - 1;
	}
}

function fragmentName(fragment: Y.XmlFragment): string {
	const doc = fragment.doc;
	if (doc) for (const [name, type] of doc.share) if (Object.is(type, fragment)) return name;
	return 'default';
}

/** Most a quote keeps of a long passage (the rest is cut with an ellipsis). */
export const MAX_QUOTE_LENGTH = 2000;

interface TextBetween {
	textBetween(from: number, to: number, blockSeparator: string, leafText: (leaf: { isBlock: boolean; type: { name: string } }) => string): string;
}

/** The passage's plain text as a quote: blocks and hard breaks become line breaks. */
export function passageText(doc: TextBetween, from: number, to: number): string {
	const text = doc.textBetween(from, to, '\n', (leaf) => (leaf.type.name === 'hardBreak' || leaf.isBlock ? '\n' : ''));
	return text.length > MAX_QUOTE_LENGTH ? `${text.slice(0, MAX_QUOTE_LENGTH - 1)}…` : text;
}

/** Base64 for JSON transport of anchors. */
export const anchorToBase64 = (bytes: Uint8Array) => toBase64(bytes);

export function anchorFromBase64(text: unknown): Uint8Array | null {
	if (typeof text !== 'string' || text.length === 0 || text.length > 700 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
	try {
		return fromBase64(text);
	} catch {
		return null;
	}
}
