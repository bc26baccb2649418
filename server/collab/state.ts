// A paper's state as it really is. Y.encodeStateAsUpdate also writes the structs that still wait
// for missing dependencies (a client's update that came before what it builds on); merged into one
// update, Yjs may fill the gap so that a fresh document integrates them, and it would show
// content that no client sees. So the waiting structs are left out of every state the server
// sends, stores or hands out; an honest client sends them again, complete, when it next syncs.
import * as Y from 'yjs';

export function encodeState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
	const store = doc.store;
	const { pendingStructs, pendingDs } = store;
	store.pendingStructs = null;
	store.pendingDs = null;
	try {
		return Y.encodeStateAsUpdate(doc, stateVector);
	} finally {
		store.pendingStructs = pendingStructs;
		store.pendingDs = pendingDs;
	}
}

/** Bytes held for structs and deletions waiting for missing dependencies. */
export function waitingBytes(doc: Y.Doc): number {
	return (doc.store.pendingStructs?.update.length ?? 0) + (doc.store.pendingDs?.length ?? 0);
}

export function dropWaiting(doc: Y.Doc): void {
	doc.store.pendingStructs = null;
	doc.store.pendingDs = null;
}

/** After an exception inside Yjs: is the document's transaction machinery still consistent? */
export function transactionsSettled(doc: Y.Doc): boolean {
	return doc._transaction === null && doc._transactionCleanups.length === 0;
}
