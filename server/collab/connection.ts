// One client's websocket on one paper: who it is, whether it may write, and a safe way to send to
// and close it. Messages that arrive before the paper has loaded wait in the inbox, in order.
import type { Duplex } from 'node:stream';
import type { WebSocket, RawData } from 'ws';
import type { Actor } from '../people/actor.ts';
import { can, type PaperRef } from '../policy.ts';
import { CloseCode } from './close-codes.ts';
import { colorFor } from './colors.ts';
import { settings } from './settings.ts';
import type { AwarenessUser } from './awareness.ts';

export type Access = 'read' | 'edit';

/** What the policy module allows this person on this paper; null: no connection at all. */
export function accessTo(actor: Actor | null, paper: PaperRef | undefined): Access | null {
	if (!actor || !paper || !can(actor, 'paper.read', paper)) return null;
	return can(actor, 'paper.edit', paper) ? 'edit' : 'read';
}

export interface ConnectionHandler {
	message(connection: Connection, frame: Uint8Array): void;
	closed(connection: Connection): void;
}

let nextId = 1;

export class Connection {
	readonly id = nextId++;
	/** Awareness client ids this connection speaks for; claimed on first use. */
	readonly awarenessIds = new Set<number>();
	#actor: Actor;
	#handler: ConnectionHandler | null = null;
	#started = false;
	#inbox: Uint8Array[] = [];
	#inboxBytes = 0;
	#closing = false;
	#closed = false;
	// Set by a pong, cleared by each heartbeat: a connection that stays silent for a whole interval is gone.
	#alive = true;

	constructor(
		readonly ws: WebSocket,
		/** The socket under `ws`, for frames built once for many connections (broadcast.ts). */
		readonly socket: Duplex,
		actor: Actor,
		readonly paperId: string,
		readonly access: Access
	) {
		this.#actor = actor;
		ws.on('message', (data, isBinary) => guard('message', () => this.#receive(data, isBinary)));
		ws.on('close', () => guard('close', () => this.#onClose()));
		// An 'error' is always followed by 'close'; without a listener it would be thrown.
		ws.on('error', () => {});
		ws.on('pong', () => {
			this.#alive = true;
		});
	}

	get actor(): Actor {
		return this.#actor;
	}

	/** Rights are decided once per connection; a changed name or language may still be picked up. */
	set actor(actor: Actor) {
		if (actor.id === this.#actor.id) this.#actor = actor;
	}

	get readOnly(): boolean {
		return this.access === 'read';
	}

	get isOpen(): boolean {
		return !this.#closing && !this.#closed;
	}

	/** What others see of this person: from the session, never from the client. */
	get user(): AwarenessUser {
		return { id: this.#actor.id, name: this.#actor.name, color: colorFor(this.#actor.id) };
	}

	/** Hands the connection to its paper; messages wait in the inbox until start(). */
	attach(handler: ConnectionHandler): void {
		this.#handler = handler;
		if (this.#closed) handler.closed(this);
	}

	/** Delivers the messages that waited while the paper loaded, then each as it comes. */
	start(): void {
		if (this.#started || !this.#handler) return;
		this.#started = true;
		const waiting = this.#inbox;
		this.#inbox = [];
		this.#inboxBytes = 0;
		for (const frame of waiting) {
			if (!this.isOpen) return;
			this.#handler.message(this, frame);
		}
	}

	send(message: Uint8Array): void {
		if (!this.#writable()) return;
		this.ws.send(message, (err) => {
			if (err) this.ws.terminate();
		});
	}

	/**
	 * Writes complete websocket frames (frameMessages) straight to the socket, beside ws: safe
	 * because ws writes only whole frames too and never holds any back (no compression, no Blobs).
	 * A write error reaches ws as a socket error, which closes the connection.
	 */
	sendFrames(frames: Buffer): void {
		if (this.#writable()) this.socket.write(frames);
	}

	#writable(): boolean {
		// After ws has sent its close frame (CLOSING), nothing more may follow it.
		if (!this.isOpen || this.ws.readyState !== this.ws.OPEN) return false;
		if (this.ws.bufferedAmount > settings.maxBufferedBytesPerConnection) {
			// A client that does not read would otherwise make us hold its backlog forever.
			this.close(CloseCode.tryAgainLater, 'too slow');
			return false;
		}
		return true;
	}

	close(code: number, reason = ''): void {
		if (!this.isOpen) return;
		this.#closing = true;
		try {
			this.ws.close(code, reason);
		} catch {
			this.ws.terminate();
		}
	}

	/** Called on every heartbeat interval by the registry. */
	heartbeat(): void {
		if (this.#closed) return;
		if (!this.#alive) {
			this.ws.terminate();
			return;
		}
		this.#alive = false;
		try {
			this.ws.ping();
		} catch {
			this.ws.terminate();
		}
	}

	#receive(data: RawData, isBinary: boolean): void {
		if (!this.isOpen) return;
		this.#alive = true;
		if (!isBinary) {
			this.close(CloseCode.unsupportedData, 'binary frames only');
			return;
		}
		// A copy with its own buffer: ws may hand out views into a larger pooled buffer.
		const frame = new Uint8Array(Array.isArray(data) ? Buffer.concat(data) : (data as Buffer));
		if (this.#started && this.#handler) {
			this.#handler.message(this, frame);
			return;
		}
		this.#inboxBytes += frame.length;
		if (this.#inboxBytes > settings.maxQueuedBytesPerConnection) {
			this.close(CloseCode.policyViolation, 'too much while loading');
			return;
		}
		this.#inbox.push(frame);
	}

	#onClose(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#inbox = [];
		this.#handler?.closed(this);
	}
}

/** Nothing a client sends may take the process down: log it and go on. */
export function guard(what: string, run: () => void): void {
	try {
		run();
	} catch (err) {
		console.error(`[collab] ${what} handler failed`, err);
	}
}
