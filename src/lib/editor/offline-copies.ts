// The editor keeps a copy of each open paper in IndexedDB, so that edits made offline survive a
// reload. The copy belongs to a person, not to the browser: on a shared computer, one person's
// unsent edits must never be sent later under another person's session, and what a person could
// read must not stay behind after they log out.
const PREFIX = 'mitsprache-paper-';
// Before copies were per person they were named by the paper alone (a UUID).
const UNOWNED = /^mitsprache-paper-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function offlineCopyName(personId: string, paperId: string): string {
	return `${PREFIX}${personId}-${paperId}`;
}

function deleteDatabase(name: string): Promise<void> {
	return new Promise((resolve) => {
		const request = indexedDB.deleteDatabase(name);
		// Blocked: a tab still has it open; it goes once that tab closes. Nothing to wait for here.
		request.onsuccess = request.onerror = request.onblocked = () => resolve();
	});
}

/**
 * Deletes this person's copies (and copies from before they were per person). At logout the
 * editor is online, so what was typed in it has reached the server; a copy that never did (a
 * paper edited offline and not opened since) is lost with it, which is what logging out of a
 * shared computer has to mean.
 */
export async function forgetOfflineCopies(personId: string): Promise<void> {
	if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
	const mine = `${PREFIX}${personId}-`;
	const names = (await indexedDB.databases()).map((db) => db.name ?? '');
	await Promise.all(names.filter((name) => name.startsWith(mine) || UNOWNED.test(name)).map(deleteDatabase));
}
