// Called after a person's rights changed (roles, memberships, representation, disabled), once
// the change is committed: open collaboration connections must be decided again.

export async function rightsChanged(personIds: Iterable<string>): Promise<void> {
	for (const id of new Set(personIds)) {
		// LEAD: call `reconsiderPerson(id)` from server/collab/documents.ts here once it exists.
		void id;
	}
}
