// The order of threads: attached ones in the order of their passages, then detached ones, each
// oldest first. Pure, for the server's list and the browser's live order alike.
export type Range = { from: number; to: number } | null;

export function byPassage<T extends { createdAt: string }>(threads: readonly T[], rangeOf: (thread: T) => Range): T[] {
	return [...threads].sort((a, b) => {
		const ra = rangeOf(a);
		const rb = rangeOf(b);
		if (ra && rb) return ra.from - rb.from || ra.to - rb.to || a.createdAt.localeCompare(b.createdAt);
		if (ra) return -1;
		if (rb) return 1;
		return a.createdAt.localeCompare(b.createdAt);
	});
}
