// One paper in memory: its Yjs document and awareness, its connections, and the persistence that
// makes every edit durable before anyone else sees it.
//
// Order of events for an edit: a client's update is applied to the live document; the document's
// 'update' event (what Yjs actually integrated, re-encoded by Yjs, never the client's raw bytes)
// goes to the update writer (update-writer.ts: group commit across papers) at once, unless enough
// of this paper is in flight already: then it waits in the pending batch, which goes as one when a
// flight lands. Batches count as stored in the order they were taken; only then is an edit sent to
// the other clients. Sync answers wait the same way, so no client ever holds an edit that a crash
// could lose.
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { database } from '../db/index.ts';
import { CloseCode } from './close-codes.ts';
import { Connection, guard, type ConnectionHandler } from './connection.ts';
import { frameMessages } from './broadcast.ts';
import { rewriteAwareness } from './awareness.ts';
import { renderPaper } from './derived.ts';
import { UnknownPaperError, compactPaper, loadStoredPaper, writeRendering } from './persistence.ts';
import { updateWriter } from './update-writer.ts';
import { inBackground } from './background.ts';
import { ProtocolError, assertUpdateDecodes, encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate, parseMessage, type Incoming } from './protocol.ts';
import { settings } from './settings.ts';
import { dropWaiting, encodeState, transactionsSettled, waitingBytes } from './state.ts';

/** Transaction origin of changes made by the server itself (changePaper). */
export const SERVER_ORIGIN = Symbol('server change');

export interface DocumentOwner {
	/** Runs a load when a load slot is free (bounded concurrency across papers). */
	loadSlot<T>(load: () => Promise<T>): Promise<T>;
	/** The document left memory (unloaded or failed): forget it. */
	unloaded(document: PaperDocument): void;
	/** A connection of this document closed. */
	released(connection: Connection): void;
}

type Status = 'loading' | 'ready' | 'failed' | 'unloaded';

interface Waiter {
	/** runs once every update applied up to this sequence number is stored */
	seq: number;
	run: () => void;
	abort?: (err: Error) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PaperDocument implements ConnectionHandler {
	readonly doc = new Y.Doc();
	readonly awareness = new Awareness(this.doc);
	readonly connections = new Set<Connection>();
	/** Settles when the stored state is in memory; rejects when it could not be loaded. */
	readonly loaded: Promise<void>;
	#status: Status = 'loading';
	#owner: DocumentOwner;
	#awarenessOwners = new Map<number, Connection>();

	// Durability bookkeeping: updates are numbered as they are applied; `durable` is the highest
	// number stored. Waiters (sends, changePaper) run in order once their number is durable.
	#applied = 0;
	#durable = 0;
	#waiters: Waiter[] = [];
	/** Messages for everyone, collected while released waiters run; null outside #markDurable. */
	#outgoing: Uint8Array[] | null = null;
	#pending: Uint8Array[] = [];
	#pendingBytes = 0;
	/** Batches being stored, oldest first; `id` is set when stored. */
	#flights: { upTo: number; updates: number; id: number | null }[] = [];

	// Compaction and rendering, one at a time per paper, in order. Storing edits does not wait for
	// them (a compaction costs a transaction of several statements, a rendering too).
	#tasks: Promise<void> = Promise.resolve();
	#compactionQueued = false;
	#busy = 0;

	#storedThrough = 0;
	#compactedThrough = 0;
	#updatesSinceCompaction = 0;
	/** Upper bound of the encoded state size; measured exactly only when it nears the limit. */
	#sizeEstimate = 0;

	#editors = new Map<string, Date>();
	#lastEditAt: Date | null = null;
	#dirtySince: number | undefined;
	#deriveTimer: NodeJS.Timeout | undefined;
	#unloadTimer: NodeJS.Timeout | undefined;
	/** Server-side users (changePaper, paperState) that keep the paper loaded. */
	#holds = 0;

	constructor(
		readonly paperId: string,
		owner: DocumentOwner
	) {
		this.#owner = owner;
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.#onAwarenessUpdate);
		this.loaded = owner.loadSlot(() => this.#load());
		this.loaded.catch((err) => this.#fail(err, 'load'));
	}

	get status(): Status {
		return this.#status;
	}

	/** Counters for tests and diagnostics. */
	diagnostics() {
		return {
			status: this.#status,
			connections: this.connections.size,
			applied: this.#applied,
			durable: this.#durable,
			waiting: this.#waiters.length,
			pending: this.#pending.length,
			inFlight: this.#flights.length,
			busy: this.#busy,
			holds: this.#holds,
			storedThrough: this.#storedThrough,
			compactedThrough: this.#compactedThrough
		};
	}

	// ---- connections -------------------------------------------------------------------------

	add(connection: Connection): void {
		this.connections.add(connection);
		this.#cancelUnload();
		connection.attach(this);
		if (this.#status === 'ready') this.#start(connection);
	}

	message(connection: Connection, frame: Uint8Array): void {
		if (this.#status !== 'ready' || !connection.isOpen) return;
		try {
			this.#handle(connection, parseMessage(frame));
		} catch (err) {
			if (err instanceof ProtocolError) {
				connection.close(err.code, err.message);
			} else {
				console.error(`[collab] paper ${this.paperId}: message failed`, err);
				connection.close(CloseCode.internalError, 'internal error');
			}
		}
	}

	closed(connection: Connection): void {
		if (!this.connections.delete(connection)) return;
		this.#owner.released(connection);
		const ids = [...connection.awarenessIds].filter((id) => this.#awarenessOwners.get(id) === connection);
		for (const id of ids) this.#awarenessOwners.delete(id);
		if (this.#status === 'ready' && ids.length > 0) removeAwarenessStates(this.awareness, ids, connection);
		this.#maybeScheduleUnload();
	}

	#start(connection: Connection): void {
		if (!connection.isOpen) return;
		// Ask for what the client has and we lack (its offline edits); then show who is here.
		this.#sendTo(connection, encodeSyncStep1(Y.encodeStateVector(this.doc)));
		const present = [...this.awareness.getStates().keys()];
		if (present.length > 0) this.#sendTo(connection, encodeAwareness(encodeAwarenessUpdate(this.awareness, present)));
		connection.start();
	}

	#handle(connection: Connection, message: Incoming): void {
		switch (message.kind) {
			case 'sync-step-1': {
				const reply = encodeSyncStep2(encodeState(this.doc, message.stateVector));
				this.#whenDurable(this.#applied, () => this.#sendTo(connection, reply));
				return;
			}
			case 'sync-step-2':
			case 'update':
				// Read-only (y-protocols PROTOCOL.md): whatever it claims to have, it may not write.
				if (!connection.readOnly) this.#applyFrom(connection, message.update);
				return;
			case 'awareness':
				this.#applyAwareness(connection, message.update);
				return;
			case 'query-awareness':
				this.#sendTo(connection, encodeAwareness(encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
				return;
		}
	}

	#applyFrom(connection: Connection, update: Uint8Array): void {
		if (this.#sizeEstimate + update.length > settings.maxPaperBytes) {
			this.#sizeEstimate = encodeState(this.doc).length;
			if (this.#sizeEstimate + update.length > settings.maxPaperBytes) {
				connection.close(CloseCode.tooLarge, 'paper too large');
				return;
			}
		}
		assertUpdateDecodes(update);
		try {
			Y.applyUpdate(this.doc, update, connection);
		} catch {
			if (!transactionsSettled(this.doc)) {
				// Yjs failed while cleaning up: the live document can no longer be trusted. What is
				// stored is consistent; drop this copy and let everyone load that again.
				this.#fail(new Error('an update left the document inconsistent'), 'apply');
				return;
			}
			// What Yjs integrated before the error went through #onUpdate like any edit; the rest is dropped.
			throw new ProtocolError(CloseCode.invalidPayload, 'update does not apply');
		}
		if (waitingBytes(this.doc) > settings.maxPayloadBytes) {
			// Structs waiting for dependencies that never come: memory a client could fill at will.
			dropWaiting(this.doc);
			throw new ProtocolError(CloseCode.policyViolation, 'too many updates with missing dependencies');
		}
	}

	#applyAwareness(connection: Connection, update: Uint8Array): void {
		if (update.length > settings.maxAwarenessBytes) {
			connection.close(CloseCode.policyViolation, 'awareness too large');
			return;
		}
		const rewritten = rewriteAwareness(update, (clientId) => this.#admitAwareness(connection, clientId), connection.user);
		if (!rewritten) return;
		// After the edits applied before it are stored and sent, as the client sent them: a caret
		// then never arrives before the text it points into. (It also keeps a broadcast of carets
		// from holding up the edit that is waiting for its commit.)
		this.#whenDurable(this.#applied, () => {
			if (this.connections.has(connection)) applyAwarenessUpdate(this.awareness, rewritten, connection);
		});
	}

	/** A connection speaks for a client id it claimed first, or that the same person's older tab had. */
	#admitAwareness(connection: Connection, clientId: number): boolean {
		if (clientId === this.awareness.clientID) return false;
		const owner = this.#awarenessOwners.get(clientId);
		if (owner === connection) return true;
		if (owner && owner.actor.id !== connection.actor.id) return false;
		if (connection.awarenessIds.size >= settings.maxAwarenessIdsPerConnection) return false;
		owner?.awarenessIds.delete(clientId);
		this.#awarenessOwners.set(clientId, connection);
		connection.awarenessIds.add(clientId);
		return true;
	}

	#onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
		guard('awareness broadcast', () => {
			// To the sender too: its own echo keeps a lone client's 30 s silence watchdog quiet.
			this.#broadcast(encodeAwareness(encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed])));
		});
	};

	// ---- edits and durability ----------------------------------------------------------------

	#onUpdate = (update: Uint8Array, origin: unknown) => {
		guard('update', () => {
			const seq = ++this.#applied;
			this.#pending.push(update);
			this.#pendingBytes += update.length;
			this.#sizeEstimate += update.length;
			const author = origin instanceof Connection ? origin : null;
			const now = new Date();
			if (author) this.#editors.set(author.actor.id, now);
			this.#lastEditAt = now;
			const message = encodeUpdate(update);
			// To the author too: what Yjs integrated can differ from what the author sent (deletions
			// that waited for these structs, earlier structs that now fit), and only this says so.
			this.#whenDurable(seq, () => this.#broadcast(message));
			this.#flush();
			this.#scheduleRendering();
		});
	};

	#whenDurable(seq: number, run: () => void): void {
		if (seq <= this.#durable) run();
		else this.#waiters.push({ seq, run });
	}

	/** Resolves once everything applied so far is stored. */
	#durableNow(): Promise<void> {
		const seq = this.#applied;
		if (seq <= this.#durable) return Promise.resolve();
		return new Promise((resolve, reject) => this.#waiters.push({ seq, run: resolve, abort: reject }));
	}

	#markDurable(upTo: number): void {
		this.#durable = Math.max(this.#durable, upTo);
		if (this.#waiters.length === 0 || this.#waiters[0].seq > this.#durable) return;
		// Everything now released (edits, the carets after them) goes to each client in one write.
		this.#outgoing = [];
		while (this.#waiters.length > 0 && this.#waiters[0].seq <= this.#durable) {
			const waiter = this.#waiters.shift()!;
			guard('send', waiter.run);
		}
		guard('broadcast', () => this.#flushOutgoing());
		this.#outgoing = null;
	}

	/** To every connection; while a commit's waiters run, collected and framed once (broadcast.ts). */
	#broadcast(message: Uint8Array): void {
		if (this.#outgoing) this.#outgoing.push(message);
		else this.#sendFrames([message]);
	}

	/** To one connection, after what is already on its way to everyone (order per connection holds). */
	#sendTo(connection: Connection, message: Uint8Array): void {
		this.#flushOutgoing();
		connection.send(message);
	}

	#flushOutgoing(): void {
		if (!this.#outgoing || this.#outgoing.length === 0) return;
		const messages = this.#outgoing;
		this.#outgoing = [];
		this.#sendFrames(messages);
	}

	#sendFrames(messages: Uint8Array[]): void {
		if (this.connections.size === 0) return;
		const frames = frameMessages(messages);
		for (const connection of this.connections) connection.sendFrames(frames);
	}

	#enqueue(task: () => Promise<void>): Promise<void> {
		this.#busy++;
		const run = this.#tasks.then(task).finally(() => {
			this.#busy--;
		});
		this.#tasks = run.catch((err) => console.error(`[collab] paper ${this.paperId}: task failed`, err));
		return run;
	}

	/** Hands what is pending to the update writer, unless enough of this paper is in flight already. */
	#flush(): void {
		if (this.#status !== 'ready' || this.#pending.length === 0) return;
		// A landing flight flushes again: what waits meanwhile shares the next batch.
		if (this.#flights.length >= settings.maxFlightsPerPaper) return;
		const batch = this.#pending;
		this.#pending = [];
		this.#pendingBytes = 0;
		const flight = { upTo: this.#applied, updates: batch.length, id: null as number | null };
		this.#flights.push(flight);
		this.#busy++;
		const data = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
		this.#store(data)
			.then(
				(id) => {
					flight.id = id;
					this.#landed();
				},
				(err) => this.#fail(err, 'store')
			)
			.finally(() => {
				this.#busy--;
			});
	}

	async #store(data: Uint8Array): Promise<number> {
		for (let attempt = 1; ; attempt++) {
			try {
				return await updateWriter().write(this.paperId, data);
			} catch (err) {
				if (attempt >= settings.writeAttempts || this.#status !== 'ready') throw err;
				console.warn(`[collab] paper ${this.paperId}: storing failed (attempt ${attempt}), retrying`, err);
				await sleep(100 * 4 ** (attempt - 1));
			}
		}
	}

	/**
	 * A flight is stored. Batches count as durable in the order they were taken: two writes in
	 * flight may commit in either order, and an edit may build on the one before it.
	 */
	#landed(): void {
		if (this.#status !== 'ready') return;
		let upTo = this.#durable;
		while (this.#flights.length > 0 && this.#flights[0].id !== null) {
			const flight = this.#flights.shift()!;
			this.#storedThrough = Math.max(this.#storedThrough, flight.id!);
			this.#updatesSinceCompaction += flight.updates;
			upTo = flight.upTo;
		}
		// Once for all flights that landed: what they release goes out in one write per client.
		this.#markDurable(upTo);
		this.#flush();
		if (this.#updatesSinceCompaction >= settings.compactEvery && !this.#compactionQueued) {
			// The state folds in everything applied so far, so rows of batches still in flight (even
			// with ids below `storedThrough`) are covered by it too: it holds more, never less.
			this.#compactionQueued = true;
			void this.#enqueue(async () => {
				this.#compactionQueued = false;
				await this.#compact();
			}).catch(() => {});
		}
	}

	/** Resolves once everything applied so far is stored (rejects if the document fails meanwhile). */
	async #storeAll(): Promise<void> {
		this.#flush();
		await this.#durableNow();
	}

	/** Folds the stored updates into the state row. The state may hold more than they do; never less. */
	#compact(): Promise<void> {
		return inBackground(() => this.#compactNow());
	}

	async #compactNow(): Promise<void> {
		if (this.#status !== 'ready' || this.#storedThrough === this.#compactedThrough) return;
		const state = encodeState(this.doc);
		const through = this.#storedThrough;
		try {
			await compactPaper(database().db, this.paperId, state, through);
		} catch (err) {
			// Not fatal: the updates are still stored; the next compaction tries again.
			console.error(`[collab] paper ${this.paperId}: compaction failed`, err);
			return;
		}
		this.#compactedThrough = through;
		this.#updatesSinceCompaction = 0;
		this.#sizeEstimate = state.length + this.#pendingBytes;
	}

	#scheduleRendering(): void {
		const now = Date.now();
		this.#dirtySince ??= now;
		clearTimeout(this.#deriveTimer);
		// Debounced while typing goes on, but never later than deriveAtMostEveryMs after the first change.
		const at = Math.min(now + settings.deriveAfterMs, this.#dirtySince + settings.deriveAtMostEveryMs);
		this.#deriveTimer = setTimeout(() => {
			this.#deriveTimer = undefined;
			void this.#enqueue(() => this.#render()).catch(() => {});
		}, Math.max(0, at - now));
	}

	#render(): Promise<void> {
		return inBackground(() => this.#renderNow());
	}

	async #renderNow(): Promise<void> {
		if (this.#status !== 'ready' || this.#dirtySince === undefined) return;
		this.#dirtySince = undefined;
		const editors = this.#editors;
		this.#editors = new Map();
		try {
			await writeRendering(database().db, this.paperId, renderPaper(this.doc), this.#lastEditAt, editors);
		} catch (err) {
			console.error(`[collab] paper ${this.paperId}: rendering failed`, err);
			for (const [id, at] of editors) if (!this.#editors.has(id)) this.#editors.set(id, at);
		}
	}

	// ---- server-side use -----------------------------------------------------------------------

	/** Applies a server-side change in one transaction; resolves once it is stored (and sent). */
	async change(change: (doc: Y.Doc) => void): Promise<void> {
		return this.#held(async () => {
			let failure: { error: unknown } | undefined;
			this.doc.transact(() => {
				try {
					change(this.doc);
				} catch (error) {
					failure = { error };
				}
			}, SERVER_ORIGIN);
			await this.#durableNow();
			if (failure) throw failure.error;
		});
	}

	/** The full state (V1) as far as it is stored. */
	async state(): Promise<Uint8Array> {
		return this.#held(async () => {
			const state = encodeState(this.doc);
			await this.#durableNow();
			return state;
		});
	}

	async #held<T>(use: () => Promise<T>): Promise<T> {
		this.#holds++;
		this.#cancelUnload();
		try {
			await this.loaded;
			if (this.#status !== 'ready') throw new Error(`paper ${this.paperId} is no longer loaded`);
			return await use();
		} finally {
			this.#holds--;
			this.#maybeScheduleUnload();
		}
	}

	// ---- lifetime ------------------------------------------------------------------------------

	async #load(): Promise<void> {
		const stored = await loadStoredPaper(database().db, this.paperId);
		if (this.#status !== 'loading') return;
		this.doc.transact(() => {
			if (stored.state) Y.applyUpdate(this.doc, stored.state);
			for (const update of stored.updates) Y.applyUpdate(this.doc, update.data);
		});
		this.#compactedThrough = stored.compactedThrough;
		this.#storedThrough = stored.updates.at(-1)?.id ?? stored.compactedThrough;
		this.#updatesSinceCompaction = stored.updates.length;
		this.#sizeEstimate = (stored.state?.length ?? 0) + stored.updates.reduce((n, u) => n + u.data.length, 0);
		// Registered only now: loading is not an edit, and nothing is answered before this point.
		this.doc.on('update', this.#onUpdate);
		this.#status = 'ready';
		for (const connection of this.connections) this.#start(connection);
		this.#maybeScheduleUnload();
	}

	/**
	 * Loading or storing failed. The document is dropped without storing anything: unstored edits
	 * reached nobody but their authors, whose clients keep them and send them again on reconnect.
	 */
	#fail(err: unknown, during: string): void {
		if (this.#status === 'failed' || this.#status === 'unloaded') return;
		if (err instanceof UnknownPaperError) console.warn(`[collab] paper ${this.paperId} does not exist`);
		else console.error(`[collab] paper ${this.paperId}: ${during} failed, closing its connections`, err);
		this.#status = 'failed';
		for (const connection of this.connections) connection.close(CloseCode.internalError, `${during} failed`);
		this.#destroy(new Error(`paper ${this.paperId}: ${during} failed`));
		this.#owner.unloaded(this);
	}

	#unused(): boolean {
		return this.#status === 'ready' && this.connections.size === 0 && this.#holds === 0;
	}

	#maybeScheduleUnload(): void {
		if (!this.#unused() || this.#unloadTimer) return;
		this.#unloadTimer = setTimeout(() => {
			this.#unloadTimer = undefined;
			this.#unload().catch((err) => console.error(`[collab] paper ${this.paperId}: unload failed`, err));
		}, settings.unloadAfterMs);
	}

	#cancelUnload(): void {
		clearTimeout(this.#unloadTimer);
		this.#unloadTimer = undefined;
	}

	async #unload(): Promise<void> {
		if (!this.#unused()) return;
		await this.#finish();
		// Somebody came back meanwhile: keep serving from memory.
		if (!this.#unused()) return;
		if (this.#busy > 0 || this.#pending.length > 0) {
			this.#maybeScheduleUnload();
			return;
		}
		this.#status = 'unloaded';
		this.#destroy(new Error(`paper ${this.paperId} was unloaded`));
		this.#owner.unloaded(this);
	}

	/** Stores what is pending, compacts and renders: the last steps before leaving memory. */
	#finish(): Promise<void> {
		return this.#enqueue(async () => {
			await this.#storeAll();
			await this.#compact();
			clearTimeout(this.#deriveTimer);
			await this.#render();
		});
	}

	/** Graceful shutdown: tell clients to come back later, then store and compact. */
	async shutdown(): Promise<void> {
		this.#cancelUnload();
		for (const connection of this.connections) connection.close(CloseCode.restarting, 'server restarting');
		await this.loaded.catch(() => {});
		if (this.#status !== 'ready') return;
		await this.#finish().catch(() => {});
		if (this.#status !== 'ready') return;
		this.#status = 'unloaded';
		this.#destroy(new Error('server shut down'));
		this.#owner.unloaded(this);
	}

	#destroy(reason: Error): void {
		clearTimeout(this.#deriveTimer);
		this.#cancelUnload();
		const waiters = this.#waiters;
		this.#waiters = [];
		this.#pending = [];
		for (const waiter of waiters) waiter.abort?.(reason);
		this.doc.off('update', this.#onUpdate);
		this.awareness.destroy();
		this.doc.destroy();
	}
}
