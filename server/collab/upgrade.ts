// Placeholder until the collaboration server lands: refuse politely so clients stop retrying.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export function handleUpgrade(_req: IncomingMessage, socket: Duplex, _head: Buffer): void {
	socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
}
