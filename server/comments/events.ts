// Tells the open pages of a paper that its comments changed, so that they fetch them again. The
// message carries no content: each page re-fetches through the policy-checked endpoint, so nobody
// learns anything here that the policy would not show them.
//
// Process-wide and in memory, like the collaboration server's documents: the app runs as one
// process (pages and websocket share one module instance). Several processes would need
// PostgreSQL LISTEN/NOTIFY behind this same interface.

export interface CommentEvent {
	/** 'changed': threads or comments were added, edited, deleted, resolved or reopened */
	type: 'changed';
	threadId?: string;
}

type Listener = (event: CommentEvent) => void;

const KEY = Symbol.for('mitsprache.commentEvents');
type GlobalWithEvents = typeof globalThis & { [KEY]?: Map<string, Set<Listener>> };

function channels(): Map<string, Set<Listener>> {
	const g = globalThis as GlobalWithEvents;
	g[KEY] ??= new Map();
	return g[KEY];
}

/** Listens to one paper's comment changes; returns the function that stops listening. */
export function subscribe(paperId: string, listener: Listener): () => void {
	const all = channels();
	let set = all.get(paperId);
	if (!set) all.set(paperId, (set = new Set()));
	set.add(listener);
	return () => {
		set.delete(listener);
		if (set.size === 0 && all.get(paperId) === set) all.delete(paperId);
	};
}

/** Call after the change is committed, never inside the transaction. */
export function publish(paperId: string, event: CommentEvent): void {
	for (const listener of [...(channels().get(paperId) ?? [])]) {
		try {
			listener(event);
		} catch (err) {
			// One broken stream must not keep the others from hearing of the change.
			console.error('[comments] listener failed', err);
		}
	}
}

/** How many pages listen to the paper (for tests and diagnostics). */
export const listenerCount = (paperId: string) => channels().get(paperId)?.size ?? 0;
