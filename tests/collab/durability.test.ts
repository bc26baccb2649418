// kill -9 of the collaboration server at a random moment while several people write: after the
// restart, every edit that any other client had received is there exactly once, and the paper loads.
// The server runs as a child process on a database of its own: a PostgreSQL database when
// DATABASE_URL is set, else PGlite in a data directory (shared by the processes one after another).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { CloseCode } from '../../server/collab/close-codes.ts';
import type { Fixtures } from './server-process.ts';
import { addParagraph, connectClient, paragraphs, waitFor, type Client, type CollabServer } from './helpers.ts';

interface ServerProcess {
	server: CollabServer;
	fixtures?: Fixtures;
	child: ChildProcess;
	exited: Promise<number | null>;
}

let env: Record<string, string>;
let postgres: TestDatabase | undefined;
let dataDir: string | undefined;
const running: ChildProcess[] = [];

beforeAll(async () => {
	if (process.env.DATABASE_URL) {
		postgres = await createTestDatabase();
		env = { DATABASE_URL: postgres.url! };
	} else {
		dataDir = mkdtempSync(join(tmpdir(), 'mitsprache-durability-'));
		env = { DATABASE_URL: '', PGLITE_DIR: dataDir };
	}
});
afterAll(async () => {
	for (const child of running) child.kill('SIGKILL');
	await postgres?.close();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function startServer(writers = 0): Promise<ServerProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'tests/collab/server-process.ts', String(writers)], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	running.push(child);
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	return new Promise((resolve, reject) => {
		let fixtures: Fixtures | undefined;
		void exited.then((code) => reject(new Error(`server process exited early (${code})`)));
		createInterface({ input: child.stdout! }).on('line', (line) => {
			if (line.startsWith('fixtures ')) fixtures = JSON.parse(line.slice('fixtures '.length));
			const port = /^listening (\d+)$/.exec(line)?.[1];
			if (port) {
				const server = { url: `ws://127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, close: async () => {} };
				resolve({ server, fixtures, child, exited });
			}
		});
	});
}

/** Token paragraphs this client has seen that someone else wrote. */
function watch(client: Client, author: string | null, received: Set<string>) {
	const seen = new WeakSet<object>();
	client.doc.on('update', () => {
		for (const node of client.doc.getXmlFragment('default').toArray()) {
			if (seen.has(node)) continue;
			seen.add(node);
			const token = node instanceof Y.XmlElement ? node.toString().replace(/<[^>]*>/g, '') : '';
			if (token && !token.startsWith(`${author}-`)) received.add(token);
		}
	});
}

it('keeps every edit another client had received through kill -9 and a restart', async () => {
	const first = await startServer(3);
	const { paperId, writers: writerCookies, observer: observerCookie } = first.fixtures!;
	const received = new Set<string>();
	const written = new Set<string>();
	const writers = writerCookies.map((cookie) => connectClient(first.server, paperId, cookie));
	const observer = connectClient(first.server, paperId, observerCookie);
	writers.forEach((writer, i) => watch(writer, `w${i}`, received));
	watch(observer, null, received);
	await Promise.all([...writers, observer].map((c) => c.synced()));

	let n = 0;
	const timers = writers.map((writer, i) =>
		setInterval(() => {
			const token = `w${i}-${n++}`;
			written.add(token);
			addParagraph(writer.doc, token);
		}, 4)
	);
	await new Promise((resolve) => setTimeout(resolve, 400 + Math.random() * 1200));
	first.child.kill('SIGKILL');
	// At once, so that no client can hand its unstored edits to the restarted server.
	for (const timer of timers) clearInterval(timer);
	for (const client of [...writers, observer]) client.destroy();
	await first.exited;
	expect(received.size).toBeGreaterThan(0);

	const second = await startServer();
	const verifier = connectClient(second.server, paperId, observerCookie);
	await verifier.synced();
	const present = paragraphs(verifier.doc);
	console.info(`durability: ${written.size} written, ${received.size} received by another client, ${present.length} present after the restart`);
	const missing = [...received].filter((token) => !present.includes(token));
	expect(missing, `${missing.length} of ${received.size} received tokens lost`).toEqual([]);
	expect(present.length, 'no paragraph twice').toBe(new Set(present).size);
	expect(present.filter((token) => !written.has(token))).toEqual([]);

	// Graceful shutdown: the client is told to come back, and the paper is compacted.
	second.child.kill('SIGTERM');
	expect(await second.exited).toBe(0);
	await waitFor(() => verifier.closes.includes(CloseCode.restarting), 5000, '1012');
	verifier.destroy();
	if (postgres) {
		const rows = await postgres.db.selectFrom('paper_updates').select('id').where('paper_id', '=', paperId).execute();
		expect(rows).toEqual([]);
		const state = await postgres.db.selectFrom('paper_documents').select('state').where('paper_id', '=', paperId).executeTakeFirstOrThrow();
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state.state);
		expect(paragraphs(doc)).toEqual(present);
	}
}, 240_000);
