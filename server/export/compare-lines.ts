// Line numbers for a comparison: which lines of the older and of the newer version each compared
// top-level block occupies, counted by the shared function, so that a comparison names the same
// lines as the version views and the PDFs of both versions.
import { numberLines, type DocNode, type LineRange } from './lines.ts';

/** The blocks of a comparison as server/versions/compare.ts gives them, top level, in order. */
interface ComparedBlock {
	status: 'equal' | 'inserted' | 'deleted' | 'changed';
}

export interface ComparedLines {
	old: LineRange;
	new: LineRange;
}

/**
 * Each top-level block of the comparison consumes the next top-level node of the older version
 * (unless inserted) and of the newer one (unless deleted): their line ranges, side by side.
 */
export function comparisonLines(blocks: readonly ComparedBlock[], older: DocNode, newer: DocNode, lineLength: number): ComparedLines[] {
	const oldRanges = numberLines(older, { lineLength }).ranges;
	const newRanges = numberLines(newer, { lineLength }).ranges;
	let o = 0;
	let n = 0;
	return blocks.map((block) => ({
		old: block.status === 'inserted' ? null : (oldRanges[o++] ?? null),
		new: block.status === 'deleted' ? null : (newRanges[n++] ?? null)
	}));
}

/** "12" or "12–15"; undefined for a block without lines. */
export function rangeLabel(range: LineRange): string | undefined {
	if (!range) return undefined;
	return range.first === range.last ? String(range.first) : `${range.first}–${range.last}`;
}
