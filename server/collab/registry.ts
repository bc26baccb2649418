// The papers in memory, one PaperDocument per paper, process-wide: loaded on first use (one load
// per paper, a bounded number at a time), forgotten when unloaded or failed. Also counts
// connections per person and keeps the heartbeat.
import { onShutdown } from '../runtime.ts';
import type { Connection } from './connection.ts';
import { PaperDocument, type DocumentOwner } from './paper-document.ts';
import { settings } from './settings.ts';

/** A counting semaphore: clients reconnect together after a restart, papers load a few at a time. */
class Slots {
	#free: number;
	#waiting: (() => void)[] = [];
	constructor(size: number) {
		this.#free = size;
	}
	async run<T>(work: () => Promise<T>): Promise<T> {
		if (this.#free > 0) this.#free--;
		else await new Promise<void>((resolve) => this.#waiting.push(resolve));
		try {
			return await work();
		} finally {
			const next = this.#waiting.shift();
			if (next) next();
			else this.#free++;
		}
	}
}

export interface CollabStats {
	documents: number;
	connections: number;
	loads: number;
	loadFailures: number;
}

const HEARTBEAT_SLICES = 30;

export class Registry implements DocumentOwner {
	#documents = new Map<string, PaperDocument>();
	#perPerson = new Map<string, number>();
	#slots = new Slots(settings.maxConcurrentLoads);
	#stopping = false;
	#heartbeat: NodeJS.Timeout;
	#loads = 0;
	#loadFailures = 0;

	constructor() {
		// Each connection is pinged once per heartbeatMs, a slice of them at a time: pinging thousands
		// at once (and reading their pongs) held up every edit for tens of milliseconds.
		let tick = 0;
		this.#heartbeat = setInterval(() => {
			const slice = tick++ % HEARTBEAT_SLICES;
			for (const document of this.#documents.values()) {
				for (const connection of document.connections) if (connection.id % HEARTBEAT_SLICES === slice) connection.heartbeat();
			}
		}, settings.heartbeatMs / HEARTBEAT_SLICES);
		this.#heartbeat.unref();
	}

	get stopping(): boolean {
		return this.#stopping;
	}

	/** The paper's document, loading it if it is not in memory. */
	document(paperId: string): PaperDocument {
		if (this.#stopping) throw new Error('the collaboration server is shutting down');
		let document = this.#documents.get(paperId);
		if (!document) {
			document = new PaperDocument(paperId, this);
			this.#documents.set(paperId, document);
		}
		return document;
	}

	/** The paper's document if it is in memory. */
	peek(paperId: string): PaperDocument | undefined {
		return this.#documents.get(paperId);
	}

	/** Adds a connection to its paper, unless a connection limit is reached. */
	admit(connection: Connection): boolean {
		const personId = connection.actor.id;
		const ofPerson = this.#perPerson.get(personId) ?? 0;
		if (ofPerson >= settings.maxConnectionsPerPerson) return false;
		const existing = this.#documents.get(connection.paperId);
		if (existing && existing.connections.size >= settings.maxConnectionsPerPaper) return false;
		this.#perPerson.set(personId, ofPerson + 1);
		this.document(connection.paperId).add(connection);
		return true;
	}

	connectionsOf(personId: string): Connection[] {
		const found: Connection[] = [];
		for (const document of this.#documents.values()) {
			for (const connection of document.connections) if (connection.actor.id === personId) found.push(connection);
		}
		return found;
	}

	stats(): CollabStats {
		let connections = 0;
		for (const document of this.#documents.values()) connections += document.connections.size;
		return { documents: this.#documents.size, connections, loads: this.#loads, loadFailures: this.#loadFailures };
	}

	loadSlot<T>(load: () => Promise<T>): Promise<T> {
		this.#loads++;
		return this.#slots.run(load).catch((err) => {
			this.#loadFailures++;
			throw err;
		});
	}

	unloaded(document: PaperDocument): void {
		if (this.#documents.get(document.paperId) === document) this.#documents.delete(document.paperId);
	}

	released(connection: Connection): void {
		const left = (this.#perPerson.get(connection.actor.id) ?? 1) - 1;
		if (left > 0) this.#perPerson.set(connection.actor.id, left);
		else this.#perPerson.delete(connection.actor.id);
	}

	/** Closes every connection (1012), stores what is pending and compacts every paper. */
	async shutdown(): Promise<void> {
		if (this.#stopping) return;
		this.#stopping = true;
		clearInterval(this.#heartbeat);
		await Promise.all([...this.#documents.values()].map((document) => document.shutdown()));
		this.#documents.clear();
	}
}

// Process-wide, like the database client: in development Vite may evaluate this module again,
// and two registries would hold two live copies of one paper.
const KEY = Symbol.for('mitsprache.collab.registry');
type G = typeof globalThis & { [KEY]?: Registry };

export function registry(): Registry {
	const g = globalThis as G;
	if (!g[KEY]) {
		const created = new Registry();
		g[KEY] = created;
		onShutdown(() => created.shutdown());
	}
	return g[KEY];
}

/** Shuts the registry down and forgets it, so that the next use starts a fresh one (tests). */
export async function shutdownCollab(): Promise<void> {
	const g = globalThis as G;
	const current = g[KEY];
	g[KEY] = undefined;
	await current?.shutdown();
}
