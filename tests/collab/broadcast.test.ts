// Frames built once for many connections (server/collab/broadcast.ts) must be what a websocket
// client reads as the same messages: small, 16-bit and 64-bit lengths, back to back in one write,
// between frames that ws itself sends on the same socket.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { frameMessages } from '../../server/collab/broadcast.ts';

let wss: WebSocketServer | undefined;
afterEach(() => new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve())));

function bytes(length: number, seed: number): Uint8Array {
	const out = new Uint8Array(length);
	for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 0xff;
	return out;
}

describe('frameMessages', () => {
	it('frames messages of every length class so that a ws client reads them back exactly, in order with ws own sends', async () => {
		const messages = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000].map((n, i) => bytes(n, i));
		wss = new WebSocketServer({ port: 0, perMessageDeflate: false });
		wss.on('connection', (ws, req) => {
			ws.send(new Uint8Array([1, 2, 3]));
			req.socket.write(frameMessages(messages));
			ws.send(new Uint8Array([4, 5, 6]));
		});
		const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
		const received: Uint8Array[] = [];
		await new Promise<void>((resolve, reject) => {
			client.on('message', (data: Buffer) => {
				received.push(new Uint8Array(data));
				if (received.length === messages.length + 2) resolve();
			});
			client.on('error', reject);
			client.on('close', (code) => reject(new Error(`closed with ${code}`)));
		});
		client.close();
		expect(received.map((m) => m.length)).toEqual([3, ...messages.map((m) => m.length), 3]);
		expect(received[0]).toEqual(new Uint8Array([1, 2, 3]));
		messages.forEach((m, i) => expect(received[i + 1]).toEqual(m));
		expect(received.at(-1)).toEqual(new Uint8Array([4, 5, 6]));
	});

	it('is empty for no messages', () => {
		expect(frameMessages([]).length).toBe(0);
	});
});
