// Where the thread cards go in the margin beside the text: each as close to its passage as the
// cards above it allow. The focused one sits exactly beside its passage when the cards above it
// can move up to make room (the way a reader expects a margin note to follow the eye).

export interface MarginItem {
	id: string;
	/** the top of the passage, relative to the top of the margin; null: no passage (detached) */
	target: number | null;
	height: number;
}

export function placeInMargin(items: readonly MarginItem[], activeId: string | null, gap = 10): Map<string, number> {
	const tops: number[] = [];
	let y = 0;
	for (const item of items) {
		const top = Math.max(y, item.target ?? y);
		tops.push(top);
		y = top + item.height + gap;
	}
	const a = items.findIndex((item) => item.id === activeId);
	const target = a >= 0 ? items[a].target : null;
	if (target !== null && target !== undefined && tops[a] > target) {
		// Move the active card up to its passage, and the ones above it as far as needed.
		const shifted = [...tops];
		shifted[a] = Math.max(0, target);
		for (let i = a - 1; i >= 0; i--) shifted[i] = Math.min(tops[i], shifted[i + 1] - items[i].height - gap);
		if (shifted[0] >= 0) {
			for (let i = a + 1; i < items.length; i++) shifted[i] = Math.max(items[i].target ?? 0, shifted[i - 1] + items[i - 1].height + gap);
			return new Map(items.map((item, i) => [item.id, shifted[i]]));
		}
	}
	return new Map(items.map((item, i) => [item.id, tops[i]]));
}
