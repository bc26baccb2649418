// A real collaboration server on port 0 and real clients (y-websocket over `ws`, and raw sockets)
// with real sessions, for the tests in this folder.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Kysely } from 'kysely';
import type { DB, PaperStatus } from '../../server/db/schema.ts';
import { handleUpgrade } from '../../server/collab/upgrade.ts';
import { shutdownCollab } from '../../server/collab/registry.ts';
import { configureCollab, type CollabSettings } from '../../server/collab/settings.ts';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { useTestDatabase, type TestDatabase } from '../helpers/db.ts';

export interface CollabServer {
	/** ws://127.0.0.1:<port> */
	url: string;
	/** what a browser on this origin sends as Origin */
	origin: string;
	close(): Promise<void>;
}

/** This file's database as the process-wide one, and quick timings for the collaboration server. */
export async function useCollabDatabase(overrides: Partial<CollabSettings> = {}): Promise<TestDatabase> {
	const handle = await useTestDatabase();
	// bootstrap's ready() caches the database it prepared; this file brings its own.
	delete (globalThis as Record<symbol, unknown>)[Symbol.for('mitsprache.ready')];
	configureCollab({ unloadAfterMs: 100, deriveAfterMs: 50, deriveAtMostEveryMs: 500, ...overrides });
	return handle;
}

/** Stores what is pending, then closes the database. */
export async function closeCollabDatabase(handle: TestDatabase): Promise<void> {
	await shutdownCollab();
	await handle.close();
}

export async function startCollabServer(): Promise<CollabServer> {
	const server = http.createServer((_req, res) => res.writeHead(404).end());
	server.on('upgrade', (req, socket, head) => handleUpgrade(req, socket, head));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `ws://127.0.0.1:${port}`,
		origin: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

export async function sessionCookie(db: Kysely<DB>, personId: string): Promise<string> {
	const { token } = await createSession(db, personId, 'collab test');
	return `${SESSION_COOKIE}=${token}`;
}

export async function newPaper(db: Kysely<DB>, committeeId: string, status: PaperStatus = 'draft'): Promise<string> {
	const row = await db
		.insertInto('papers')
		.values({ committee_id: committeeId, title: 'Testpapier', type: 'position_paper', created_by: null, updated_at: new Date(), status })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** A `ws` WebSocket class that sends the session cookie and an Origin, as y-websocket's polyfill. */
export function socketClass(headers: Record<string, string>): new (address: string, protocols?: string | string[]) => WebSocket {
	return class extends WebSocket {
		constructor(address: string, protocols?: string | string[]) {
			super(address, protocols, { headers });
		}
	};
}

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** close codes this client received from the server */
	closes: number[];
	synced(): Promise<void>;
	destroy(): void;
}

export function connectClient(server: CollabServer, paperId: string, cookie: string | null, doc = new Y.Doc()): Client {
	const headers: Record<string, string> = { origin: server.origin };
	if (cookie) headers.cookie = cookie;
	const provider = new WebsocketProvider(`${server.url}/collab`, paperId, doc, {
		WebSocketPolyfill: socketClass(headers) as unknown as typeof globalThis.WebSocket,
		// Node has BroadcastChannel: without this, two clients in one process would bypass the server.
		disableBc: true,
		maxBackoffTime: 300
	});
	const closes: number[] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push(event.code);
	});
	return {
		doc,
		provider,
		closes,
		synced: () =>
			provider.synced ? Promise.resolve() : new Promise<void>((resolve) => provider.once('sync', (s: boolean) => s && resolve())),
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

export interface RawSocket {
	ws: WebSocket;
	messages: Uint8Array[];
	opened: Promise<void>;
	closed: Promise<{ code: number; reason: string }>;
}

export function rawSocket(server: CollabServer, paperId: string, cookie: string | null, origin: string | null = server.origin): RawSocket {
	const headers: Record<string, string> = {};
	if (origin) headers.origin = origin;
	if (cookie) headers.cookie = cookie;
	const ws = new WebSocket(`${server.url}/collab/${paperId}`, { headers });
	const messages: Uint8Array[] = [];
	ws.on('message', (data) => messages.push(new Uint8Array(data as Buffer)));
	ws.on('error', () => {});
	return {
		ws,
		messages,
		opened: new Promise((resolve, reject) => {
			ws.once('open', () => resolve());
			ws.once('close', () => reject(new Error('closed before open')));
		}),
		closed: new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
	};
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** The text of all paragraphs of the `default` fragment, in order. */
export function paragraphs(doc: Y.Doc): string[] {
	return doc
		.getXmlFragment('default')
		.toArray()
		.map((node) => (node instanceof Y.XmlElement ? node.toArray().map((child) => (child instanceof Y.XmlText ? child.toString() : '')).join('') : ''));
}

/** Appends a paragraph with this text, as the editor would. */
export function addParagraph(doc: Y.Doc, text: string): void {
	doc.transact(() => {
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText(text)]);
		const fragment = doc.getXmlFragment('default');
		fragment.insert(fragment.length, [paragraph]);
	});
}
