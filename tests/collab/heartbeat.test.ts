// A connection that stops answering pings is closed after one silent heartbeat interval; one that
// answers stays. (The heartbeat pings a slice of the connections at a time.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { cast } from '../helpers/fixtures.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { closeCollabDatabase, newPaper, sessionCookie, startCollabServer, useCollabDatabase, type CollabServer } from './helpers.ts';

const HEARTBEAT_MS = 600;
let handle: TestDatabase;
let server: CollabServer;

beforeAll(async () => {
	handle = await useCollabDatabase({ heartbeatMs: HEARTBEAT_MS });
	server = await startCollabServer();
});
afterAll(async () => {
	await server.close();
	await closeCollabDatabase(handle);
});

function open(paperId: string, cookie: string, autoPong: boolean) {
	const ws = new WebSocket(`${server.url}/collab/${paperId}`, { headers: { origin: server.origin, cookie }, autoPong });
	const closedAt = new Promise<number>((resolve) => ws.on('close', () => resolve(Date.now())));
	const pings: number[] = [];
	ws.on('ping', () => pings.push(Date.now()));
	ws.on('error', () => {});
	return { ws, closedAt, pings, opened: new Promise<void>((resolve) => ws.once('open', () => resolve())) };
}

it('drops clients that stop answering pings and keeps those that answer, pinging them a few at a time', async () => {
	const people = await cast(handle.db);
	const paperId = await newPaper(handle.db, people.committee.id);
	const cookie = await sessionCookie(handle.db, people.chair.id);
	// Several, so that they fall into different slices of the heartbeat.
	const silent = Array.from({ length: 4 }, () => open(paperId, cookie, false));
	const answering = Array.from({ length: 8 }, () => open(paperId, cookie, true));
	await Promise.all([...silent, ...answering].map((c) => c.opened));
	const start = Date.now();

	const closed = await Promise.all(silent.map((c) => c.closedAt));
	// Pinged within one interval, found silent at the next: closed within two intervals (plus slack).
	for (const at of closed) expect(at - start).toBeLessThan(2 * HEARTBEAT_MS + 500);
	await new Promise((resolve) => setTimeout(resolve, 2 * HEARTBEAT_MS));
	for (const c of answering) {
		expect(c.ws.readyState).toBe(WebSocket.OPEN);
		expect(c.pings.length).toBeGreaterThanOrEqual(2);
		c.ws.close();
	}
	// Not all at the same moment: connections in different slices are pinged at different ticks.
	const firstPings = answering.map((c) => c.pings[0]);
	expect(Math.max(...firstPings) - Math.min(...firstPings)).toBeGreaterThan(HEARTBEAT_MS / 10);
});
