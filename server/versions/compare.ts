// Comparing two versions of a paper, on their ProseMirror JSON. Pure: no database, no DOM.
//
// Two levels, each on jsdiff's Myers diff (`diffArrays`):
// 1. Blocks: the children of a node are aligned by their whole content, so unchanged headings,
//    paragraphs, list items and table rows match exactly. What is left in a changed stretch is
//    paired by similarity (a paragraph that was edited, a list that got an item), and a pair is
//    compared again one level down. So the result keeps the document's tree: a list stays a list,
//    a table stays a table, and only the pieces that changed are marked.
// 2. Words: the text of a paired paragraph or heading is split into words, spaces and punctuation,
//    each with its marks. Words are aligned by text; a word whose text stayed but whose marks
//    changed (made bold, link changed) is a formatting change rather than a delete and insert.
//
// Why not prosemirror-changeset: it diffs the ranges touched by known steps. Between two stored
// versions we have no steps, and one step replacing the whole document runs into its size cap
// (it gives up on ranges over a few thousand tokens). Aligning blocks first keeps every diff small.
import { diffArrays } from 'diff';
import type { JSONContent } from '@tiptap/core';
import { canonicalJson } from './canonical.ts';

export type DocJSON = JSONContent;
type Mark = NonNullable<JSONContent['marks']>[number];

/** One run of inline content in a changed text block. */
export interface Segment {
	/** eq: in both; ins: only in the newer; del: only in the older; fmt: same text, other marks */
	s: 'eq' | 'ins' | 'del' | 'fmt';
	text: string;
	marks?: Mark[];
	/** the marks it had in the older version (fmt only) */
	oldMarks?: Mark[];
	/** a hard line break rather than text */
	br?: true;
}

export interface DiffBlock {
	/** equal, inserted and deleted blocks are shown as they are; changed ones carry what changed */
	status: 'equal' | 'inserted' | 'deleted' | 'changed';
	/** the node (for changed: as it is in the newer version; its content is not used) */
	node: DocJSON;
	/** changed only: type and attributes in the older version, when they differ */
	oldType?: string;
	oldAttrs?: Record<string, unknown>;
	/** changed text block: its inline content, word by word */
	inline?: Segment[];
	/** changed container: its children, compared */
	children?: DiffBlock[];
}

export interface ComparisonSummary {
	wordsAdded: number;
	wordsRemoved: number;
	/** words whose formatting changed, plus blocks whose kind changed (paragraph → heading, level) */
	formatChanges: number;
	/** top-level blocks that differ in any way */
	blocksChanged: number;
}

export interface Comparison {
	blocks: DiffBlock[];
	summary: ComparisonSummary;
}

const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);
/** Containers that may turn into one another and are still compared child by child. */
const KINDRED: Record<string, string> = { bulletList: 'list', orderedList: 'list', tableCell: 'cell', tableHeader: 'cell' };

/** Past this many edits a diff gives up and shows the stretch as removed and added. */
const MAX_BLOCK_EDITS = 20_000;
const MAX_WORD_EDITS = 5_000;
/** Up to this many candidate pairs, changed stretches are paired optimally; beyond, greedily. */
const MAX_PAIRING_CELLS = 2_500;

const TOKEN = /[\p{L}\p{M}\p{N}_]+|\s+|[^\p{L}\p{M}\p{N}_\s]/gu;
const WORDLIKE = /[\p{L}\p{N}]/u;

export function isTextblock(node: DocJSON): boolean {
	if (TEXTBLOCKS.has(node.type ?? '')) return true;
	return !!node.content?.length && node.content.every((c) => c.type === 'text' || c.type === 'hardBreak');
}

/** The comparison of two versions' texts (older first); the name the rest of the app uses. */
export const compareVersions = (older: DocJSON, newer: DocJSON): Comparison => compareDocuments(older, newer);

export function compareDocuments(older: DocJSON, newer: DocJSON): Comparison {
	const ctx = new Context();
	const blocks = ctx.children(older.content ?? [], newer.content ?? []);
	const summary: ComparisonSummary = { wordsAdded: 0, wordsRemoved: 0, formatChanges: 0, blocksChanged: 0 };
	for (const block of blocks) {
		if (block.status !== 'equal') summary.blocksChanged++;
		tally(block, summary);
	}
	return { blocks, summary };
}

// ---------------------------------------------------------------------------------------------
// Blocks

class Context {
	private keys = new WeakMap<DocJSON, string>();
	private bags = new WeakMap<DocJSON, Map<string, number>>();

	key(node: DocJSON): string {
		let k = this.keys.get(node);
		if (k === undefined) {
			k = canonicalJson(node);
			this.keys.set(node, k);
		}
		return k;
	}

	bag(node: DocJSON): Map<string, number> {
		let b = this.bags.get(node);
		if (!b) {
			b = new Map();
			collectWords(node, b);
			this.bags.set(node, b);
		}
		return b;
	}

	/** Dice coefficient of the two nodes' words: 1 for the same words, 0 for none in common. */
	similarity(a: DocJSON, b: DocJSON): number {
		const x = this.bag(a);
		const y = this.bag(b);
		let sizeX = 0;
		let sizeY = 0;
		let common = 0;
		for (const n of x.values()) sizeX += n;
		for (const n of y.values()) sizeY += n;
		if (sizeX === 0 && sizeY === 0) return a.type === b.type ? 1 : 0;
		const [small, large] = x.size <= y.size ? [x, y] : [y, x];
		for (const [word, n] of small) common += Math.min(n, large.get(word) ?? 0);
		return (2 * common) / (sizeX + sizeY);
	}

	/** How well an older node answers to a newer one, or 0 when they should not be paired. */
	affinity(a: DocJSON, b: DocJSON, parentType?: string): number {
		const ta = a.type ?? '';
		const tb = b.type ?? '';
		if (isTextblock(a) && isTextblock(b)) {
			const sim = this.similarity(a, b);
			const threshold = ta === tb ? 0.4 : 0.6;
			return sim >= threshold ? sim : 0;
		}
		if (isTextblock(a) || isTextblock(b)) return 0;
		if (ta !== tb && (!KINDRED[ta] || KINDRED[ta] !== KINDRED[tb])) return 0;
		// Cells keep their column: inside a row, any two cells pair.
		if (parentType === 'tableRow') return 0.01 + this.similarity(a, b);
		const sim = this.similarity(a, b);
		return sim >= 0.25 ? sim : 0;
	}

	children(older: DocJSON[], newer: DocJSON[], parentType?: string): DiffBlock[] {
		const out: DiffBlock[] = [];
		// Blocks become small numbers first: Myers compares the same pairs many times, and two equal
		// keys of a long paragraph would otherwise be compared character by character each time.
		const ids = new Map<string, number>();
		const id = (n: DocJSON) => {
			const k = this.key(n);
			let v = ids.get(k);
			if (v === undefined) ids.set(k, (v = ids.size));
			return v;
		};
		const changes = diffArrays(older.map(id), newer.map(id), { maxEditLength: MAX_BLOCK_EDITS });
		if (!changes) {
			for (const n of older) out.push({ status: 'deleted', node: n });
			for (const n of newer) out.push({ status: 'inserted', node: n });
			return out;
		}
		let i = 0;
		let j = 0;
		let removed: DocJSON[] = [];
		let added: DocJSON[] = [];
		const flush = () => {
			if (removed.length || added.length) out.push(...this.pairUp(removed, added, parentType));
			removed = [];
			added = [];
		};
		for (const change of changes) {
			const count = change.count ?? change.value.length;
			if (change.removed) {
				removed.push(...older.slice(i, i + count));
				i += count;
			} else if (change.added) {
				added.push(...newer.slice(j, j + count));
				j += count;
			} else {
				flush();
				for (let k = 0; k < count; k++) out.push({ status: 'equal', node: newer[j + k] });
				i += count;
				j += count;
			}
		}
		flush();
		return out;
	}

	/** Pairs removed and added nodes of one changed stretch, in order, and compares each pair. */
	private pairUp(removed: DocJSON[], added: DocJSON[], parentType?: string): DiffBlock[] {
		// One block replaced by one of its kind is an edit of it, however much the words changed
		// (a table cell "30 %" that became "35 %" shares no word with it).
		if (removed.length === 1 && added.length === 1 && removed[0].type === added[0].type) return [this.pair(removed[0], added[0])];
		const steps = removed.length * added.length <= MAX_PAIRING_CELLS ? this.alignOptimal(removed, added, parentType) : this.alignGreedy(removed, added, parentType);
		const out: DiffBlock[] = [];
		for (const [a, b] of steps) {
			if (a && b) out.push(this.pair(a, b));
			else if (a) out.push({ status: 'deleted', node: a });
			else if (b) out.push({ status: 'inserted', node: b });
		}
		return out;
	}

	/** Order-preserving pairing with the highest total affinity (a weighted longest common subsequence). */
	private alignOptimal(removed: DocJSON[], added: DocJSON[], parentType?: string): [DocJSON | null, DocJSON | null][] {
		const k = removed.length;
		const m = added.length;
		const aff: number[][] = removed.map((a) => added.map((b) => this.affinity(a, b, parentType)));
		// best[i][j]: the best total for removed[i..] and added[j..]
		const best: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(m + 1).fill(0));
		for (let i = k - 1; i >= 0; i--) {
			for (let j = m - 1; j >= 0; j--) {
				const take = aff[i][j] > 0 ? aff[i][j] + best[i + 1][j + 1] : 0;
				best[i][j] = Math.max(take, best[i + 1][j], best[i][j + 1]);
			}
		}
		const steps: [DocJSON | null, DocJSON | null][] = [];
		let i = 0;
		let j = 0;
		// Within a run of unpaired nodes, removals come before additions, as a reader expects.
		let pendingAdds: DocJSON[] = [];
		const flushAdds = () => {
			for (const b of pendingAdds) steps.push([null, b]);
			pendingAdds = [];
		};
		while (i < k || j < m) {
			if (i < k && j < m && aff[i][j] > 0 && best[i][j] === aff[i][j] + best[i + 1][j + 1]) {
				flushAdds();
				steps.push([removed[i++], added[j++]]);
			} else if (i < k && (j >= m || best[i][j] === best[i + 1][j])) {
				steps.push([removed[i++], null]);
			} else {
				pendingAdds.push(added[j++]);
			}
		}
		flushAdds();
		return steps;
	}

	private alignGreedy(removed: DocJSON[], added: DocJSON[], parentType?: string): [DocJSON | null, DocJSON | null][] {
		const steps: [DocJSON | null, DocJSON | null][] = [];
		let i = 0;
		let j = 0;
		while (i < removed.length && j < added.length) {
			if (this.affinity(removed[i], added[j], parentType) > 0) steps.push([removed[i++], added[j++]]);
			else if (j + 1 < added.length && this.affinity(removed[i], added[j + 1], parentType) > 0) steps.push([null, added[j++]]);
			else steps.push([removed[i++], null]);
		}
		while (i < removed.length) steps.push([removed[i++], null]);
		while (j < added.length) steps.push([null, added[j++]]);
		return steps;
	}

	private pair(a: DocJSON, b: DocJSON): DiffBlock {
		const block: DiffBlock = { status: 'changed', node: b };
		if (a.type !== b.type) block.oldType = a.type;
		if (!sameAttrs(a.attrs, b.attrs)) block.oldAttrs = a.attrs ?? {};
		if (isTextblock(a) && isTextblock(b)) block.inline = compareInline(a.content ?? [], b.content ?? []);
		else block.children = this.children(a.content ?? [], b.content ?? [], b.type);
		return block;
	}
}

function sameAttrs(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
	return canonicalJson(a ?? {}) === canonicalJson(b ?? {});
}

function collectWords(node: DocJSON, into: Map<string, number>): void {
	if (node.text) {
		for (const m of node.text.matchAll(TOKEN)) {
			if (WORDLIKE.test(m[0])) into.set(m[0], (into.get(m[0]) ?? 0) + 1);
		}
	}
	for (const child of node.content ?? []) collectWords(child, into);
}

// ---------------------------------------------------------------------------------------------
// Words

interface Token {
	text: string;
	marks?: Mark[];
	markKey: string;
	br?: true;
}

const BREAK = '\n';

function tokenize(inline: DocJSON[]): Token[] {
	const tokens: Token[] = [];
	for (const node of inline) {
		if (node.type === 'text' && node.text) {
			const markKey = node.marks?.length ? canonicalJson(node.marks) : '';
			for (const m of node.text.matchAll(TOKEN)) tokens.push({ text: m[0], marks: node.marks, markKey });
		} else if (node.type === 'hardBreak') {
			tokens.push({ text: BREAK, markKey: '', br: true });
		}
	}
	return tokens;
}

const isSpace = (t: Token) => !t.br && t.text.trim() === '';

interface Op {
	op: 'eq' | 'del' | 'ins';
	tokens: Token[];
	/** eq only: the same tokens as they were in the older version */
	olds?: Token[];
}

/** The inline content of two text blocks, word by word. */
export function compareInline(older: DocJSON[], newer: DocJSON[]): Segment[] {
	const a = tokenize(older);
	const b = tokenize(newer);
	const changes = diffArrays(
		a.map((t) => t.text),
		b.map((t) => t.text),
		{ maxEditLength: MAX_WORD_EDITS }
	);
	let ops: Op[] = [];
	if (!changes) {
		ops = [
			{ op: 'del', tokens: a },
			{ op: 'ins', tokens: b }
		];
	} else {
		let i = 0;
		let j = 0;
		for (const change of changes) {
			const count = change.count ?? change.value.length;
			if (change.removed) {
				ops.push({ op: 'del', tokens: a.slice(i, i + count) });
				i += count;
			} else if (change.added) {
				ops.push({ op: 'ins', tokens: b.slice(j, j + count) });
				j += count;
			} else {
				ops.push({ op: 'eq', tokens: b.slice(j, j + count), olds: a.slice(i, i + count) });
				i += count;
				j += count;
			}
		}
	}
	return toSegments(mergeChanges(ops));
}

/**
 * Reads better: "<del>old words</del><ins>new words</ins>" instead of alternating single words.
 * A stretch of only spaces between two changes is taken into both, and within each changed stretch
 * the deletions come before the insertions.
 */
function mergeChanges(ops: Op[]): Op[] {
	const out: Op[] = [];
	let dels: Token[] = [];
	let ins: Token[] = [];
	const flush = () => {
		// Spaces that both sides begin or end with are not part of the change.
		let head = 0;
		while (head < dels.length && head < ins.length && isSpace(dels[head]) && dels[head].text === ins[head].text) head++;
		let tail = 0;
		while (tail < dels.length - head && tail < ins.length - head && isSpace(dels[dels.length - 1 - tail]) && dels[dels.length - 1 - tail].text === ins[ins.length - 1 - tail].text) tail++;
		if (head) out.push({ op: 'eq', tokens: ins.slice(0, head), olds: dels.slice(0, head) });
		if (dels.length - head - tail > 0) out.push({ op: 'del', tokens: dels.slice(head, dels.length - tail) });
		if (ins.length - head - tail > 0) out.push({ op: 'ins', tokens: ins.slice(head, ins.length - tail) });
		if (tail) out.push({ op: 'eq', tokens: ins.slice(ins.length - tail), olds: dels.slice(dels.length - tail) });
		dels = [];
		ins = [];
	};
	for (let k = 0; k < ops.length; k++) {
		const op = ops[k];
		if (op.op === 'del') dels.push(...op.tokens);
		else if (op.op === 'ins') ins.push(...op.tokens);
		else {
			const between = (dels.length || ins.length) && k + 1 < ops.length && op.tokens.every(isSpace);
			if (between) {
				dels.push(...op.olds!);
				ins.push(...op.tokens);
			} else {
				flush();
				out.push(op);
			}
		}
	}
	flush();
	return out;
}

function toSegments(ops: Op[]): Segment[] {
	const out: Segment[] = [];
	const push = (seg: Segment) => {
		const last = out[out.length - 1];
		if (last && !last.br && !seg.br && last.s === seg.s && markKey(last.marks) === markKey(seg.marks) && markKey(last.oldMarks) === markKey(seg.oldMarks)) {
			last.text += seg.text;
		} else out.push(seg);
	};
	for (const op of ops) {
		op.tokens.forEach((t, k) => {
			let seg: Segment;
			if (op.op === 'eq') {
				const old = op.olds![k];
				// A space between two formatted words carries no visible formatting of its own.
				const changed = old.markKey !== t.markKey && !isSpace(t);
				seg = changed ? { s: 'fmt', text: t.text, marks: t.marks, oldMarks: old.marks ?? [] } : { s: 'eq', text: t.text, marks: t.marks };
			} else seg = { s: op.op, text: t.text, marks: t.marks };
			if (t.br) seg.br = true;
			if (!seg.marks?.length) delete seg.marks;
			push(seg);
		});
	}
	return out;
}

const markKey = (marks: Mark[] | undefined) => (marks?.length ? canonicalJson(marks) : '');

// ---------------------------------------------------------------------------------------------
// Summary

export function countWords(text: string): number {
	let n = 0;
	for (const m of text.matchAll(TOKEN)) if (WORDLIKE.test(m[0])) n++;
	return n;
}

function wordsIn(node: DocJSON): number {
	let n = node.text ? countWords(node.text) : 0;
	for (const child of node.content ?? []) n += wordsIn(child);
	return n;
}

function tally(block: DiffBlock, sum: ComparisonSummary): void {
	if (block.status === 'inserted') sum.wordsAdded += wordsIn(block.node);
	else if (block.status === 'deleted') sum.wordsRemoved += wordsIn(block.node);
	else if (block.status === 'changed') {
		if (block.oldType || (block.oldAttrs && isTextblock(block.node))) sum.formatChanges++;
		for (const seg of block.inline ?? []) {
			if (seg.s === 'ins') sum.wordsAdded += countWords(seg.text);
			else if (seg.s === 'del') sum.wordsRemoved += countWords(seg.text);
			else if (seg.s === 'fmt') sum.formatChanges += Math.max(1, countWords(seg.text));
		}
		for (const child of block.children ?? []) tally(child, sum);
	}
}
