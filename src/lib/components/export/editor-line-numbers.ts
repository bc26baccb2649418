// Line numbers in the live editor, on request: each top-level block shows, in the margin, the
// number of its first line as the shared function (server/export/lines.ts) counts it, so the
// numbers are those the text would have if it were saved as a version now. Within a block the
// editor wraps by the width of the screen, not by characters, so only the block's first number is
// exact: a preview, which the toggle says.
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { numberLines, DEFAULT_LINE_LENGTH, type DocNode } from '$server/export/lines';

export const lineNumbersKey = new PluginKey<LineNumbersState>('lineNumbers');

interface LineNumbersState {
	enabled: boolean;
	decorations: DecorationSet;
	/** the document the decorations were computed for; others are mapped until the next count */
	countedFor: PMNode | null;
}

/** Recounting runs the whole text through the function: on long papers, wait for a pause in typing. */
const RECOUNT_DELAY_MS = 250;

function count(doc: PMNode, lineLength: number): DecorationSet {
	const { ranges } = numberLines(doc.toJSON() as DocNode, { lineLength });
	const decorations: Decoration[] = [];
	let index = 0;
	doc.forEach((node, offset) => {
		const range = ranges[index++];
		if (!range) return;
		const label = range.first === range.last ? String(range.first) : `${range.first}–${range.last}`;
		decorations.push(Decoration.node(offset, offset + node.nodeSize, { 'data-line-start': String(range.first), 'data-line-range': label, class: 'with-line-number' }));
	});
	return DecorationSet.create(doc, decorations);
}

export interface LineNumbersOptions {
	lineLength: number;
}

export const EditorLineNumbers = Extension.create<LineNumbersOptions>({
	name: 'lineNumbers',
	addOptions() {
		return { lineLength: DEFAULT_LINE_LENGTH };
	},
	addProseMirrorPlugins() {
		const lineLength = this.options.lineLength;
		return [
			new Plugin<LineNumbersState>({
				key: lineNumbersKey,
				state: {
					init: () => ({ enabled: false, decorations: DecorationSet.empty, countedFor: null }),
					apply(tr, value, _old, state: EditorState) {
						const meta = tr.getMeta(lineNumbersKey) as { enabled?: boolean; recount?: boolean } | undefined;
						const enabled = meta?.enabled ?? value.enabled;
						if (!enabled) return { enabled, decorations: DecorationSet.empty, countedFor: null };
						if (meta?.enabled || meta?.recount) return { enabled, decorations: count(state.doc, lineLength), countedFor: state.doc };
						return { enabled, decorations: tr.docChanged ? value.decorations.map(tr.mapping, tr.doc) : value.decorations, countedFor: value.countedFor };
					}
				},
				props: {
					decorations: (state) => lineNumbersKey.getState(state)?.decorations,
					// Room in the margin for the numbers (ProseMirror adds this class to the editor's own).
					attributes: (state): Record<string, string> => (lineNumbersKey.getState(state)?.enabled ? { class: 'line-numbers-on' } : {})
				},
				view: () => {
					let timer: ReturnType<typeof setTimeout> | undefined;
					return {
						update(view) {
							const s = lineNumbersKey.getState(view.state);
							if (!s?.enabled || s.countedFor === view.state.doc) return;
							clearTimeout(timer);
							timer = setTimeout(() => {
								if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(lineNumbersKey, { recount: true }).setMeta('addToHistory', false));
							}, RECOUNT_DELAY_MS);
						},
						destroy() {
							clearTimeout(timer);
						}
					};
				}
			})
		];
	}
});

/** Shows or hides the numbers in one editor. */
export function setLineNumbers(view: { state: EditorState; dispatch: (tr: EditorState['tr']) => void }, enabled: boolean): void {
	view.dispatch(view.state.tr.setMeta(lineNumbersKey, { enabled }).setMeta('addToHistory', false));
}
