// What the rest of the server (versions, restore, workflow, seeding) may do with a paper's live
// document. Everything goes through the registry, so a change made here is stored and sent to
// every client exactly like a client's edit.
import * as Y from 'yjs';
import { database } from '../db/index.ts';
import { loadActor } from '../people/actor.ts';
import { paperRef } from '../papers/papers.ts';
import type { PaperRef } from '../policy.ts';
import { CloseCode } from './close-codes.ts';
import { accessTo } from './connection.ts';
import { loadStoredPaper } from './persistence.ts';
import { registry } from './registry.ts';
import { encodeState } from './state.ts';

/** The current full Yjs state (V1): from the live document if loaded, else from the database. */
export async function paperState(paperId: string): Promise<Uint8Array> {
	const live = registry().peek(paperId);
	if (live) return live.state();
	const stored = await loadStoredPaper(database().db, paperId);
	const doc = new Y.Doc();
	try {
		doc.transact(() => {
			if (stored.state) Y.applyUpdate(doc, stored.state);
			for (const update of stored.updates) Y.applyUpdate(doc, update.data);
		});
		return encodeState(doc);
	} finally {
		doc.destroy();
	}
}

/**
 * Applies a server-side change in one Yjs transaction to the live document (loading it if
 * needed); resolves once it is stored, and it reaches every connected client like a client's edit.
 */
export async function changePaper(paperId: string, change: (doc: Y.Doc) => void): Promise<void> {
	await registry().document(paperId).change(change);
}

/** After a paper's status changed: connections whose rights changed reconnect and are decided again. */
export async function reconsiderPaper(paperId: string): Promise<void> {
	const live = registry().peek(paperId);
	if (!live || live.connections.size === 0) return;
	const paper = await paperRef(database().db, paperId);
	for (const connection of [...live.connections]) {
		if (accessTo(connection.actor, paper) !== connection.access) connection.close(CloseCode.rightsChanged, 'rights changed');
	}
}

/** After a person's roles changed (or they were disabled): the same for all their connections. */
export async function reconsiderPerson(personId: string): Promise<void> {
	const connections = registry().connectionsOf(personId);
	if (connections.length === 0) return;
	const { db } = database();
	const actor = await loadActor(db, personId);
	const papers = new Map<string, PaperRef | undefined>();
	for (const connection of connections) {
		if (!papers.has(connection.paperId)) papers.set(connection.paperId, await paperRef(db, connection.paperId));
		if (actor && accessTo(actor, papers.get(connection.paperId)) === connection.access) connection.actor = actor;
		else connection.close(CloseCode.rightsChanged, 'rights changed');
	}
}
