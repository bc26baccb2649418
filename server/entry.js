// Production entry: one HTTP server for the pages (adapter-node's handler) and the collaboration
// websocket. hooks.server.ts publishes the upgrade handler at init, so that both share one module
// instance (one database client, one document registry).
import http from 'node:http';
import { handler } from '../build/handler.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const runtime = globalThis[Symbol.for('mitsprache.runtime')];
if (!runtime) throw new Error('the app did not publish its runtime: is build/ up to date?');

const server = http.createServer(handler);
server.on('upgrade', (req, socket, head) => {
	if (req.url?.startsWith('/collab/')) runtime.handleUpgrade(req, socket, head);
	else socket.destroy();
});
server.listen(port, host, () => console.log(`Mitsprache listening on http://${host}:${port}`));

let stopping = false;
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: shutting down`);
	server.close();
	// close() leaves upgraded sockets open: the runtime flushes documents and closes them (1012).
	await runtime.shutdown().catch((err) => console.error('shutdown failed', err));
	process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
