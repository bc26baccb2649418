// The transport: HTTP upgrade to a websocket on /collab/<paperId>, decided like a route. The
// upgrade is always accepted and a refusal sent as a close code, because y-websocket stops
// retrying on 4400-4499 but retries an HTTP error forever.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ready } from '../bootstrap.ts';
import { SESSION_COOKIE, validateSessionToken } from '../auth/sessions.ts';
import { loadActor, type Actor } from '../people/actor.ts';
import { paperRef } from '../papers/papers.ts';
import { CloseCode } from './close-codes.ts';
import { Connection, accessTo, type Access } from './connection.ts';
import { registry } from './registry.ts';
import { settings } from './settings.ts';

type Decision = { actor: Actor; access: Access } | { refuse: number; reason: string };

let server: WebSocketServer | undefined;

function websocketServer(): WebSocketServer {
	// maxPayload: ws would accept frames up to 100 MiB otherwise. Compression stays off: it costs
	// memory per connection and lets a small frame inflate into a large one.
	server ??= new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: settings.maxPayloadBytes });
	return server;
}

export function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
	// A socket error while we decide must not become an uncaught exception.
	socket.on('error', () => socket.destroy());
	decide(req)
		.catch((err): Decision => {
			console.error('[collab] could not decide an upgrade', err);
			return { refuse: CloseCode.internalError, reason: 'try again later' };
		})
		.then((decision) => {
			websocketServer().handleUpgrade(req, socket, head, (ws) => {
				try {
					connect(ws, socket, req, decision);
				} catch (err) {
					console.error('[collab] could not open a connection', err);
					ws.close(CloseCode.internalError, 'try again later');
				}
			});
		})
		.catch((err) => {
			console.error('[collab] upgrade failed', err);
			socket.destroy();
		});
}

function connect(ws: WebSocket, socket: Duplex, req: IncomingMessage, decision: Decision): void {
	if ('refuse' in decision) {
		ws.close(decision.refuse, decision.reason);
		return;
	}
	const collab = registry();
	if (collab.stopping) {
		ws.close(CloseCode.restarting, 'server restarting');
		return;
	}
	const connection = new Connection(ws, socket, decision.actor, paperIdOf(req.url)!, decision.access);
	if (!collab.admit(connection)) connection.close(CloseCode.tryAgainLater, 'too many connections');
}

async function decide(req: IncomingMessage): Promise<Decision> {
	if (!originAllowed(req)) return { refuse: CloseCode.forbidden, reason: 'origin not allowed' };
	const { db } = await ready();
	const token = cookie(req.headers.cookie, SESSION_COOKIE);
	const paperId = paperIdOf(req.url);
	// Clients reconnect together after a restart: ask for the session and the paper at once.
	const [session, paper] = await Promise.all([token ? validateSessionToken(db, token) : null, paperId ? paperRef(db, paperId) : undefined]);
	const actor = session ? await loadActor(db, session.personId) : null;
	if (!actor) return { refuse: CloseCode.noSession, reason: 'no session' };
	const access = accessTo(actor, paper);
	// An unknown paper looks the same as a forbidden one, so ids cannot be probed.
	if (!access) return { refuse: CloseCode.forbidden, reason: 'no access' };
	return { actor, access };
}

/** `/collab/<paperId>` (y-websocket appends the room name to its server URL), query ignored. */
export function paperIdOf(url: string | undefined): string | undefined {
	const match = /^\/collab\/([^/?#]+)(?:[?#].*)?$/.exec(url ?? '');
	return match?.[1];
}

/**
 * Cross-site websocket hijacking: browsers send the cookie with a websocket from any page, so the
 * Origin must be ours: the configured ORIGIN (as adapter-node uses it), else the Host we are
 * reached by. Browsers always send Origin on websockets; a request without one is refused.
 */
function originAllowed(req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	if (!origin) return false;
	try {
		const configured = process.env.ORIGIN;
		if (configured) return new URL(origin).origin === new URL(configured).origin;
		return new URL(origin).host === req.headers.host;
	} catch {
		return false;
	}
}

function cookie(header: string | undefined, name: string): string | undefined {
	for (const part of header?.split(';') ?? []) {
		const at = part.indexOf('=');
		if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
	}
	return undefined;
}
