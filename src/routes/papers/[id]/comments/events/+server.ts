// Live comments: a server-sent event stream per open paper page that says "the comments changed",
// and the page fetches them again through the policy-checked JSON endpoint.
//
// Why SSE and not polling: one idle connection per open page instead of a request every 1.5 s
// from every page, changes arrive at once (well within the two seconds), and it is plain HTTP on
// our own origin (connect-src 'self'), so it passes the same session check as every page. Why
// not the collaboration websocket: it speaks the Yjs protocol to the document registry, and
// comments would need a second protocol inside it; the browser's EventSource also reconnects by
// itself (after `retry`) and the page then fetches once to catch up on what it missed.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { database } from '$server/db';
import { paperRef } from '$server/papers/papers';
import { subscribe } from '$server/comments/events';
import { authorizeApi } from '$lib/server/guard';
import { translate } from '$lib/i18n';

// Proxies close connections that stay silent for a minute or so; a comment line keeps it open.
const HEARTBEAT_MS = 25_000;

export const GET: RequestHandler = async (event) => {
	const paper = await paperRef(database().db, event.params.id);
	if (!paper) error(404, translate(event.locals.locale, 'error.notFound'));
	authorizeApi(event, 'comment.list', paper);

	const encoder = new TextEncoder();
	let stop = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let closed = false;
			const send = (text: string) => {
				if (closed) return;
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					stop();
				}
			};
			const unsubscribe = subscribe(paper.id, () => send('event: changed\ndata: {}\n\n'));
			const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
			stop = () => {
				if (closed) return;
				closed = true;
				clearInterval(heartbeat);
				unsubscribe();
				try {
					controller.close();
				} catch {
					// already closed by the client going away
				}
			};
			event.request.signal.addEventListener('abort', () => stop(), { once: true });
			send('retry: 2000\n\n: connected\n\n');
		},
		cancel() {
			stop();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store, no-transform',
			// nginx and similar proxies would otherwise buffer the stream
			'x-accel-buffering': 'no'
		}
	});
};
