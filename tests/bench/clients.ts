// The load generator's clients. Full clients are real y-websocket providers with a Yjs document
// (what a browser runs); light clients are raw `ws` sockets that answer the sync handshake and
// count what arrives, so that thousands of them cost the generator little.
//
// Every edit inserts a marker `~<writer>.<seq>~` (base 36): receivers find it in the bytes of the
// update they receive and look up its send time in the EditLog of this same process, so latency
// is measured on one monotonic clock (performance.now()).
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { Samples } from './stats.ts';

// ---- edits and markers -------------------------------------------------------------------------

/** Send times of every edit of this step, per writer, and the window whose edits are sampled. */
export class EditLog {
	#times: Float64Array[] = [];
	#sent: number[] = [];
	windowStart = Infinity;
	windowEnd = -Infinity;
	full = new Samples();
	light = new Samples();

	/** A new step: fresh samples for a new window (writers and sequence numbers go on). */
	newWindow(start: number, end: number): void {
		this.full = new Samples();
		this.light = new Samples();
		this.windowStart = start;
		this.windowEnd = end;
	}

	register(): number {
		this.#times.push(new Float64Array(1024));
		this.#sent.push(0);
		return this.#times.length - 1;
	}

	get writers(): number {
		return this.#times.length;
	}

	/** Records the send time of the writer's next edit and returns its sequence number. */
	sent(writer: number, at: number): number {
		const seq = this.#sent[writer]++;
		let times = this.#times[writer];
		if (seq >= times.length) {
			const grown = new Float64Array(times.length * 2);
			grown.set(times);
			this.#times[writer] = times = grown;
		}
		times[seq] = at;
		return seq;
	}

	sentBy(writer: number): number {
		return this.#sent[writer];
	}

	/** A receiver saw this edit now: a latency sample if it was sent inside the window. */
	received(writer: number, seq: number, now: number, into: Samples): void {
		if (writer >= this.#times.length || seq >= this.#sent[writer]) return;
		const at = this.#times[writer][seq];
		if (at >= this.windowStart && at <= this.windowEnd) into.add(now - at);
	}
}

export const marker = (writer: number, seq: number) => `~${writer.toString(36)}.${seq.toString(36)}~`;

const TILDE = 0x7e;
const DOT = 0x2e;
function base36(byte: number): number {
	if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
	if (byte >= 0x61 && byte <= 0x7a) return byte - 0x61 + 10;
	return -1;
}

/** Calls `found` for every marker in these bytes (an update as it travels: the text is UTF-8 inside). */
export function scanMarkers(bytes: Uint8Array, found: (writer: number, seq: number) => void): void {
	const n = bytes.length;
	for (let i = 0; i < n; i++) {
		if (bytes[i] !== TILDE) continue;
		let j = i + 1;
		let writer = 0;
		let digits = 0;
		for (let d; j < n && (d = base36(bytes[j])) >= 0; j++, digits++) writer = writer * 36 + d;
		if (digits === 0 || j >= n || bytes[j] !== DOT) continue;
		j++;
		let seq = 0;
		digits = 0;
		for (let d; j < n && (d = base36(bytes[j])) >= 0; j++, digits++) seq = seq * 36 + d;
		if (digits === 0 || j >= n || bytes[j] !== TILDE) continue;
		found(writer, seq);
		i = j;
	}
}

/** Per receiver: edits seen, in order per writer (the server keeps each writer's order). */
export class Tally {
	#last = new Map<number, number>();
	received = 0;
	outOfOrder = 0;
	seen(writer: number, seq: number): boolean {
		const last = this.#last.get(writer) ?? -1;
		if (seq <= last) {
			this.outOfOrder++;
			return false;
		}
		this.#last.set(writer, seq);
		this.received++;
		return true;
	}
}

// ---- connecting --------------------------------------------------------------------------------

export interface Target {
	/** ws://host:port */
	url: string;
	origin: string;
}

function socketClass(headers: Record<string, string>) {
	return class extends WebSocket {
		constructor(address: string, protocols?: string | string[]) {
			super(address, protocols, { headers, perMessageDeflate: false });
		}
	};
}

/** Close codes that say the server went away or restarts, not that it refused or failed. */
const ORDINARY_CLOSES = new Set([1000, 1001, 1005, 1006, 1012]);

export interface Receiver {
	readonly paper: number;
	readonly tally: Tally;
	/** the writer id of this client when it writes itself (its own edits are not expected back as news) */
	readonly writer: number | null;
	readonly unexpectedCloses: number[];
	synced(): Promise<void>;
	close(): void;
}

// ---- full clients ------------------------------------------------------------------------------

export class FullClient implements Receiver {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly tally = new Tally();
	readonly unexpectedCloses: number[] = [];
	readonly closes: number[] = [];
	writer: number | null = null;
	#text: Y.XmlText | null = null;
	#log: EditLog;
	#cursors: boolean;

	constructor(
		target: Target,
		readonly paperId: string,
		readonly paper: number,
		cookie: string,
		log: EditLog,
		options: { cursors?: boolean; maxBackoffTime?: number } = {}
	) {
		this.#log = log;
		this.#cursors = options.cursors ?? false;
		this.provider = new WebsocketProvider(`${target.url}/collab`, paperId, this.doc, {
			WebSocketPolyfill: socketClass({ origin: target.origin, cookie }) as unknown as typeof globalThis.WebSocket,
			// Node has BroadcastChannel: clients in one process would otherwise bypass the server.
			disableBc: true,
			...(options.maxBackoffTime ? { maxBackoffTime: options.maxBackoffTime } : {})
		});
		this.provider.on('connection-close', (event) => {
			if (!event) return;
			this.closes.push(event.code);
			if (!ORDINARY_CLOSES.has(event.code)) this.unexpectedCloses.push(event.code);
		});
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== this.provider) return;
			const now = performance.now();
			scanMarkers(update, (w, s) => {
				if (w !== this.writer && this.tally.seen(w, s)) this.#log.received(w, s, now, this.#log.full);
			});
		});
	}

	synced(): Promise<void> {
		if (this.provider.synced) return Promise.resolve();
		return new Promise((resolve) => {
			const on = (state: boolean) => {
				if (!state) return;
				this.provider.off('sync', on);
				resolve();
			};
			this.provider.on('sync', on);
		});
	}

	/** Makes this client a writer: its own paragraph at the end of the text, as an editor would add it. */
	startWriting(writer: number): void {
		this.writer = writer;
		const paragraph = new Y.XmlElement('paragraph');
		const text = new Y.XmlText();
		paragraph.insert(0, [text]);
		this.doc.transact(() => {
			const fragment = this.doc.getXmlFragment('default');
			fragment.insert(fragment.length, [paragraph]);
		});
		this.#text = text;
	}

	/** One edit: the marker typed at the end of its paragraph, and (optionally) the caret moved after it. */
	edit(seq: number): void {
		const text = this.#text!;
		text.insert(text.length, `${marker(this.writer!, seq)} `);
		if (this.#cursors) {
			// What the caret extension publishes with every keystroke: a position relative to the text.
			const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length));
			this.provider.awareness.setLocalStateField('cursor', { anchor: at, head: at });
		}
	}

	close(): void {
		this.provider.destroy();
		this.doc.destroy();
	}
}

// ---- light clients -----------------------------------------------------------------------------

/** A y-protocols message: its header bytes, then the payload as a length-prefixed byte array. */
function frame(header: number[], payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	for (const byte of header) encoding.writeVarUint(encoder, byte);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

const SYNC = 0;
const AWARENESS = 1;
// sync step 1 with an empty state vector: "send me everything"
const STEP1_EMPTY = new Uint8Array([SYNC, 0, 1, 0]);
// sync step 2 with an empty update: "I have nothing you lack"
const STEP2_EMPTY = new Uint8Array([SYNC, 1, 2, 0, 0]);

export class LightClient implements Receiver {
	readonly ws: WebSocket;
	readonly tally = new Tally();
	readonly unexpectedCloses: number[] = [];
	updateFrames = 0;
	awarenessFrames = 0;
	writer: number | null = null;
	#synced: Promise<void>;
	#log: EditLog;
	#frames: Uint8Array[] = [];
	#nextFrame = 0;

	constructor(
		target: Target,
		paperId: string,
		readonly paper: number,
		cookie: string,
		log: EditLog
	) {
		this.#log = log;
		this.ws = new WebSocket(`${target.url}/collab/${paperId}`, { headers: { origin: target.origin, cookie }, perMessageDeflate: false });
		this.ws.binaryType = 'nodebuffer';
		let resolveSynced: () => void;
		let rejectSynced: (err: Error) => void;
		this.#synced = new Promise((resolve, reject) => {
			resolveSynced = resolve;
			rejectSynced = reject;
		});
		this.#synced.catch(() => {});
		this.ws.on('open', () => this.ws.send(STEP1_EMPTY));
		this.ws.on('error', () => {});
		this.ws.on('close', (code) => {
			if (!ORDINARY_CLOSES.has(code)) this.unexpectedCloses.push(code);
			rejectSynced(new Error(`closed with ${code} before sync`));
		});
		this.ws.on('message', (data: Buffer) => {
			const type = data[0];
			if (type === AWARENESS) {
				this.awarenessFrames++;
				return;
			}
			if (type !== SYNC) return;
			const step = data[1];
			if (step === 2) {
				this.updateFrames++;
				const now = performance.now();
				scanMarkers(data, (w, s) => {
					if (w !== this.writer && this.tally.seen(w, s)) this.#log.received(w, s, now, this.#log.light);
				});
			} else if (step === 0) {
				this.ws.send(STEP2_EMPTY);
			} else if (step === 1) {
				resolveSynced();
			}
		});
	}

	synced(): Promise<void> {
		return this.#synced;
	}

	/**
	 * Makes this client a writer that sends prepared updates: its own document (never synced with
	 * the others, which the server does not need) produces the updates ahead of time, so that
	 * sending one costs the generator only the socket write. With `cursors`, each edit is followed
	 * by the awareness update the editor's caret extension would send: the caret after the typed
	 * text, as a relative position, with the user's name and colour.
	 */
	startWriting(writer: number, cursors = false): void {
		this.writer = writer;
		this.#cursors = cursors;
		this.#doc = new Y.Doc();
		const paragraph = new Y.XmlElement('paragraph');
		this.#text = new Y.XmlText();
		paragraph.insert(0, [this.#text]);
		const first = this.#capture(() => this.#doc!.getXmlFragment('default').insert(0, [paragraph]));
		this.ws.send(first);
	}

	#doc: Y.Doc | null = null;
	#text: Y.XmlText | null = null;
	#cursors = false;
	#prepared = 0;
	#awarenessClock = 0;
	#carets: (Uint8Array | undefined)[] = [];

	#capture(change: () => void): Uint8Array {
		let captured: Uint8Array | null = null;
		const on = (update: Uint8Array) => {
			captured = update;
		};
		this.#doc!.on('update', on);
		this.#doc!.transact(change);
		this.#doc!.off('update', on);
		// y-protocols: [messageSync, messageYjsUpdate, varUint8Array(update)]
		return frame([SYNC, 2], captured! as Uint8Array);
	}

	#caret(): Uint8Array {
		const text = this.#text!;
		const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length));
		const state = JSON.stringify({ user: { name: `Writer ${this.writer}`, color: '#30bced' }, cursor: { anchor: at, head: at } });
		// an awareness update: [count, clientID, clock, state]
		const update = encoding.createEncoder();
		encoding.writeVarUint(update, 1);
		encoding.writeVarUint(update, this.#doc!.clientID);
		encoding.writeVarUint(update, ++this.#awarenessClock);
		encoding.writeVarString(update, state);
		return frame([AWARENESS], encoding.toUint8Array(update));
	}

	/** Prepares the next `count` edits (sequence numbers continue where the last ones ended). */
	prepare(count: number): void {
		const text = this.#text!;
		for (let k = 0; k < count; k++) {
			const seq = this.#prepared++;
			this.#frames.push(this.#capture(() => text.insert(text.length, `${marker(this.writer!, seq)} `)));
			this.#carets.push(this.#cursors ? this.#caret() : undefined);
		}
	}

	/** Sends the next prepared edit; its sequence number must be the one the log hands out. */
	edit(seq: number): void {
		if (seq !== this.#nextFrame) throw new Error(`writer ${this.writer}: edit ${seq} out of order`);
		const update = this.#frames[this.#nextFrame];
		const caret = this.#carets[this.#nextFrame];
		if (!update) throw new Error(`writer ${this.writer}: not enough prepared edits`);
		this.#frames[this.#nextFrame] = undefined as unknown as Uint8Array;
		this.#carets[this.#nextFrame++] = undefined;
		this.ws.send(update);
		if (caret) this.ws.send(caret);
	}

	close(): void {
		this.ws.terminate();
		this.#doc?.destroy();
	}
}
