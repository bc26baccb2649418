// The browser side of one paper's collaboration: the Yjs document, its copy in IndexedDB (so that
// edits made offline survive a reload) and the websocket to /collab/<paperId>. Exposes what the
// page shows: a sync state, who is in the paper, and why the server closed the connection.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { CloseCode } from '$server/collab/close-codes';
import { offlineCopyName } from './offline-copies';

/** What the status line says; `data-state` on it carries the same value for tests. */
export type SyncState = 'connecting' | 'connected' | 'saved' | 'reconnecting' | 'offline' | 'closed';

export interface PresentPerson {
	id: string;
	name: string;
	color: string;
	self: boolean;
}

export interface Collaborator {
	id: string;
	name: string;
	color: string;
}

/** Close codes after which y-websocket stops retrying and the page explains why. */
const FINAL_CODES: ReadonlySet<number> = new Set([CloseCode.noSession, CloseCode.forbidden, CloseCode.tooLarge]);

// After this many failed attempts in a row the server counts as unreachable: offline, not "reconnecting".
const ATTEMPTS_BEFORE_OFFLINE = 3;
// Quiet time after the last local change before "all changes saved" is claimed.
const SETTLE_MS = 400;

export class PaperConnection {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	#persistence: IndexeddbPersistence | null = null;

	#connected = $state(false);
	#everConnected = $state(false);
	#synced = $state(false);
	#online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	#failedAttempts = $state(0);
	#unsent = $state(false);
	#closedCode = $state<number | null>(null);
	#present = $state.raw<PresentPerson[]>([]);

	#settleTimer: ReturnType<typeof setTimeout> | undefined;
	#destroyed = false;
	#cleanups: (() => void)[] = [];

	/** @param onConnected called after every (re)connect, once the server has synced it */
	constructor(
		readonly paperId: string,
		readonly me: Collaborator,
		private readonly onConnected: () => void
	) {
		const origin = location.origin.replace(/^http/, 'ws');
		// BroadcastChannel between tabs is off: every change goes through the server, which decides
		// who may write; tabs of one person still meet there within milliseconds.
		this.provider = new WebsocketProvider(`${origin}/collab`, paperId, this.doc, { connect: false, disableBc: true });
		this.provider.awareness.setLocalStateField('user', { id: me.id, name: me.name, color: me.color });

		this.#on(this.provider, 'status', ({ status }: { status: string }) => {
			this.#connected = status === 'connected';
			if (status === 'connected') {
				this.#everConnected = true;
				this.#closedCode = null;
				// The server still holds our last awareness clock from before the break and would take
				// the reconnect's announcement (same clock) for old news: announce with a new clock.
				const local = this.provider.awareness.getLocalState();
				if (local) this.provider.awareness.setLocalState({ ...local });
			}
			if (status !== 'connected') this.#synced = false;
		});
		this.#on(this.provider, 'sync', (synced: boolean) => {
			const first = synced && !this.#synced;
			this.#synced = synced;
			if (synced) this.#failedAttempts = 0;
			// Rights are re-read once the server has accepted and synced this connection, not at the
			// socket's open: a refused one (4401, 4403) is closed right after opening and should end
			// in its message, not in a redirect from a page load that no longer has a session.
			if (first) this.onConnected();
			this.#checkSaved();
		});
		this.#on(this.provider, 'connection-close', (event: CloseEvent | null) => {
			this.#failedAttempts = this.provider.wsUnsuccessfulReconnects;
			if (event && FINAL_CODES.has(event.code)) this.#closedCode = event.code;
		});
		this.#on(this.provider.awareness, 'change', () => this.#readPresence());
		this.#readPresence();

		const onUpdate = (_update: Uint8Array, origin: unknown) => {
			if (origin === this.provider) return; // came from the server: nothing to send
			this.#unsent = true;
			this.#checkSaved();
		};
		this.doc.on('update', onUpdate);
		this.#cleanups.push(() => this.doc.off('update', onUpdate));

		const online = () => {
			this.#online = true;
			if (this.#closedCode === null) this.provider.connect();
		};
		// A socket can stay "open" for a long time after the network is gone; leave at once, so that
		// the status line tells the truth and the edits wait in IndexedDB.
		const offline = () => {
			this.#online = false;
			this.provider.disconnect();
		};
		window.addEventListener('online', online);
		window.addEventListener('offline', offline);
		this.#cleanups.push(() => {
			window.removeEventListener('online', online);
			window.removeEventListener('offline', offline);
		});

		void this.#start();
	}

	async #start() {
		try {
			this.#persistence = new IndexeddbPersistence(offlineCopyName(this.me.id, this.paperId), this.doc);
			// Local edits first, so that the first sync with the server already carries them.
			await Promise.race([this.#persistence.whenSynced, new Promise((resolve) => setTimeout(resolve, 3000))]);
		} catch (err) {
			// Private windows may refuse IndexedDB; the editor still works online.
			console.warn('[editor] no offline copy of this paper', err);
		}
		if (!this.#destroyed && this.#online) this.provider.connect();
	}

	get state(): SyncState {
		if (this.#closedCode !== null) return 'closed';
		if (!this.#online) return 'offline';
		if (this.#connected) return this.#synced && !this.#unsent ? 'saved' : 'connected';
		if (!this.#everConnected) return this.#failedAttempts >= ATTEMPTS_BEFORE_OFFLINE ? 'offline' : 'connecting';
		return this.#failedAttempts >= ATTEMPTS_BEFORE_OFFLINE ? 'offline' : 'reconnecting';
	}

	/** The close code that ended the connection for good (4401, 4403, 4413), or null. */
	get closedCode(): number | null {
		return this.#closedCode;
	}

	get present(): PresentPerson[] {
		return this.#present;
	}

	get synced(): boolean {
		return this.#synced;
	}

	/** Tries again after a final close (for example after signing in again in another tab). */
	retry() {
		this.#closedCode = null;
		this.provider.connect();
	}

	/**
	 * "Saved" means: synced with the server and every local change handed to the socket. The
	 * server stores an update before it passes it on, and handles one connection's messages in
	 * order, so a change that left the socket is on its way into the database.
	 */
	#checkSaved() {
		clearTimeout(this.#settleTimer);
		if (!this.#unsent) return;
		this.#settleTimer = setTimeout(() => {
			const ws = this.provider.ws;
			if (this.#connected && this.#synced && ws && ws.readyState === ws.OPEN && ws.bufferedAmount === 0) {
				this.#unsent = false;
			} else if (!this.#destroyed) {
				this.#checkSaved();
			}
		}, SETTLE_MS);
	}

	#readPresence() {
		// A local scratch map, read once into $state.raw below: no reactivity needed.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const people = new Map<string, PresentPerson>();
		people.set(this.me.id, { ...this.me, self: true });
		for (const [clientId, state] of this.provider.awareness.getStates()) {
			if (clientId === this.doc.clientID) continue;
			const user = (state as { user?: Partial<Collaborator> }).user;
			// The server writes `user` from the session; states without one are not shown.
			if (!user || typeof user.name !== 'string') continue;
			const id = typeof user.id === 'string' ? user.id : `client-${clientId}`;
			if (id === this.me.id || people.has(id)) continue;
			people.set(id, { id, name: user.name, color: typeof user.color === 'string' ? user.color : '#4a5461', self: false });
		}
		this.#present = [...people.values()];
	}

	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	#on(target: { on(name: string, f: any): void; off(name: string, f: any): void }, name: string, handler: (...args: any[]) => void) {
		target.on(name, handler);
		this.#cleanups.push(() => target.off(name, handler));
	}

	destroy() {
		this.#destroyed = true;
		clearTimeout(this.#settleTimer);
		for (const cleanup of this.#cleanups.splice(0)) cleanup();
		this.provider.destroy();
		void this.#persistence?.destroy();
		this.doc.destroy();
	}
}
