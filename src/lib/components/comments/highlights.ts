// The passages of comment threads, highlighted in the editor by decorations: drawn over the text,
// never part of it. A mark would be an edit (and read-only people could not add one).
//
// Where the passages are comes from the threads' Yjs relative positions, resolved against the
// editor's own Yjs document. Local typing is mapped through the ProseMirror transaction instead,
// because the Yjs document only catches up after the transaction (in the sync plugin's view
// update); changes that come from Yjs (other people, undo, the first load) are resolved afresh.
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { AnchorResolver, anchorFromBase64, leafPredicate, type Anchor } from '$server/comments/anchors';

export interface HighlightThread {
	id: string;
	anchor: { start: string; end: string };
	resolved: boolean;
}

export type Ranges = ReadonlyMap<string, { from: number; to: number }>;

interface State {
	threads: { id: string; anchor: Anchor; resolved: boolean }[];
	active: string | null;
	ranges: Ranges;
	decorations: DecorationSet;
}

type Meta = { threads?: HighlightThread[]; active?: string | null };

export const commentHighlightsKey = new PluginKey<State>('commentHighlights');

/** Tells the plugin the current threads and the focused one. */
export function setHighlights(tr: Transaction, meta: Meta): Transaction {
	return tr.setMeta(commentHighlightsKey, meta);
}

/** Where each attached thread's passage is now (ProseMirror positions). */
export function highlightRanges(state: EditorState): Ranges {
	return commentHighlightsKey.getState(state)?.ranges ?? new Map();
}

function resolveAll(state: EditorState, threads: State['threads']): Ranges {
	const sync = ySyncPluginKey.getState(state) as { doc?: Y.Doc; type?: Y.XmlFragment } | undefined;
	const ranges = new Map<string, { from: number; to: number }>();
	if (!sync?.doc || !sync.type) return ranges;
	const resolver = new AnchorResolver(sync.doc, sync.type, leafPredicate(state.schema));
	const size = state.doc.content.size;
	for (const thread of threads) {
		const range = resolver.resolve(thread.anchor);
		// A document still loading may be shorter than the positions: skip until it is complete.
		if (range && range.to <= size) ranges.set(thread.id, range);
	}
	return ranges;
}

function mapAll(ranges: Ranges, tr: Transaction): Ranges {
	const out = new Map<string, { from: number; to: number }>();
	for (const [id, range] of ranges) {
		// Typing right at either end stays outside, as the anchors' associations say.
		const from = tr.mapping.map(range.from, 1);
		const to = tr.mapping.map(range.to, -1);
		if (from < to) out.set(id, { from, to });
	}
	return out;
}

function decorate(doc: PMNode, state: Pick<State, 'threads' | 'active' | 'ranges'>): DecorationSet {
	const decorations: Decoration[] = [];
	for (const thread of state.threads) {
		const range = state.ranges.get(thread.id);
		const active = thread.id === state.active;
		// Resolved threads leave the text alone unless someone is looking at one.
		if (!range || (thread.resolved && !active)) continue;
		decorations.push(
			Decoration.inline(range.from, range.to, {
				class: active ? 'comment-highlight is-active' : 'comment-highlight',
				'data-thread-id': thread.id
			})
		);
	}
	return DecorationSet.create(doc, decorations);
}

export interface HighlightOptions {
	/** Someone clicked into a highlighted passage: the thread (the innermost one) to show. */
	onActivate(threadId: string): void;
}

export function commentHighlights(options: HighlightOptions): Plugin<State> {
	return new Plugin<State>({
		key: commentHighlightsKey,
		state: {
			init: (_config, state) => ({ threads: [], active: null, ranges: new Map(), decorations: DecorationSet.create(state.doc, []) }),
			apply(tr, value, _old, state) {
				const meta = tr.getMeta(commentHighlightsKey) as Meta | undefined;
				const fromYjs = tr.getMeta(ySyncPluginKey) !== undefined;
				if (!meta && !tr.docChanged) return value;
				const threads = meta?.threads
					? meta.threads.flatMap((t) => {
							const start = anchorFromBase64(t.anchor.start);
							const end = anchorFromBase64(t.anchor.end);
							return start && end ? [{ id: t.id, anchor: { start, end }, resolved: t.resolved }] : [];
						})
					: value.threads;
				const active = meta && 'active' in meta ? (meta.active ?? null) : value.active;
				const ranges = meta?.threads || fromYjs ? resolveAll(state, threads) : tr.docChanged ? mapAll(value.ranges, tr) : value.ranges;
				return { threads, active, ranges, decorations: decorate(state.doc, { threads, active, ranges }) };
			}
		},
		props: {
			decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
			handleClick(view, pos) {
				const state = commentHighlightsKey.getState(view.state);
				if (!state) return false;
				let best: { id: string; size: number } | null = null;
				for (const thread of state.threads) {
					const range = state.ranges.get(thread.id);
					if (!range || pos < range.from || pos > range.to || (thread.resolved && thread.id !== state.active)) continue;
					const size = range.to - range.from;
					if (!best || size < best.size) best = { id: thread.id, size };
				}
				if (best) options.onActivate(best.id);
				// The click still places the caret as usual.
				return false;
			}
		}
	});
}
