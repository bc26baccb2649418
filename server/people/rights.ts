// Called after a person's rights changed (roles, memberships, representation, disabled), once
// the change is committed: their open collaboration connections are decided again (those that
// lost access are closed with 4100 and reconnect with their new rights).

export async function rightsChanged(personIds: Iterable<string>): Promise<void> {
	// Loaded on demand: the admin commands should not pull the collaboration server (and Yjs)
	// into every module that manages people, and cannot form an import cycle this way.
	const { reconsiderPerson } = await import('../collab/documents.ts');
	for (const id of new Set(personIds)) {
		// The change itself is committed; a failure here must not turn it into an error page.
		await reconsiderPerson(id).catch((err) => console.error('[rights] could not reconsider connections of', id, err));
	}
}
