// The wire: honest clients converge; malformed frames, oversized papers and too many connections
// close only the offending connection; a hostile client sending thousands of random and mutated
// messages leaves the server up and the honest clients converging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { cast, newPerson } from '../helpers/fixtures.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { paperState } from '../../server/collab/documents.ts';
import { CloseCode } from '../../server/collab/close-codes.ts';
import {
	addParagraph,
	closeCollabDatabase,
	connectClient,
	newPaper,
	paragraphs,
	rawSocket,
	sessionCookie,
	startCollabServer,
	useCollabDatabase,
	waitFor,
	type Client,
	type CollabServer,
	type RawSocket
} from './helpers.ts';

const MAX_PAPER_BYTES = 200_000;
let handle: TestDatabase;
let server: CollabServer;
let people: Awaited<ReturnType<typeof cast>>;
const clients: Client[] = [];

beforeAll(async () => {
	handle = await useCollabDatabase({ maxPaperBytes: MAX_PAPER_BYTES, maxConnectionsPerPerson: 4, maxConnectionsPerPaper: 8 });
	server = await startCollabServer();
	people = await cast(handle.db);
});
afterAll(async () => {
	for (const client of clients) client.destroy();
	await server.close();
	await closeCollabDatabase(handle);
});

// Each y-websocket provider adds a process 'exit' listener.
process.setMaxListeners(50);

function client(paperId: string, cookie: string) {
	const c = connectClient(server, paperId, cookie);
	clients.push(c);
	return c;
}

async function serverDoc(paperId: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await paperState(paperId));
	return doc;
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	write(e);
	return encoding.toUint8Array(e);
}
const syncMessage = (step: number, payload: Uint8Array) =>
	frame((e) => {
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, step);
		encoding.writeVarUint8Array(e, payload);
	});
const awarenessMessage = (update: Uint8Array) =>
	frame((e) => {
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint8Array(e, update);
	});

/** Both clients and the server hold the same document. */
async function settle(a: Client, b: Client, paperId: string) {
	const vector = async () => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(await serverDoc(paperId)))]);
	const of = (c: Client) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(c.doc))]);
	await waitFor(async () => of(a) === of(b) && of(a) === (await vector()), 10_000, 'the same state everywhere');
	expect(paragraphs(a.doc)).toEqual(paragraphs(b.doc));
	expect(paragraphs(await serverDoc(paperId))).toEqual(paragraphs(a.doc));
}

/** Each writes a paragraph; both see both, and the server has the same. */
async function converge(a: Client, b: Client, paperId: string, tag: string) {
	addParagraph(a.doc, `${tag} A`);
	addParagraph(b.doc, `${tag} B`);
	await waitFor(() => paragraphs(a.doc).includes(`${tag} B`) && paragraphs(b.doc).includes(`${tag} A`), 10_000, `${tag} to converge`);
	await settle(a, b, paperId);
}

describe('honest clients', () => {
	it('converge, with carets named by the server', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		const a = client(paperId, await sessionCookie(handle.db, people.delegate.id));
		const b = client(paperId, await sessionCookie(handle.db, people.chair.id));
		await Promise.all([a.synced(), b.synced()]);
		await converge(a, b, paperId, 'erste Runde');
		b.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
		await waitFor(() => a.provider.awareness.getStates().get(b.doc.clientID)?.user?.name === people.chair.name, 5000, "B's caret at A");
	});

	it('sends a caret only after the text it points into (the edit waits for its commit, so must the caret)', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		const a = client(paperId, await sessionCookie(handle.db, people.delegate.id));
		const b = client(paperId, await sessionCookie(handle.db, people.chair.id));
		await Promise.all([a.synced(), b.synced()]);
		const early: string[] = [];
		const seen = new Set<string>();
		b.provider.awareness.on('change', () => {
			const at = b.provider.awareness.getStates().get(a.doc.clientID)?.cursor?.at as string | undefined;
			if (!at || seen.has(at)) return;
			seen.add(at);
			if (!paragraphs(b.doc).includes(at)) early.push(at);
		});
		for (let round = 0; round < 20; round++) {
			const text = `Absatz ${round}`;
			// As the editor does: the text, then at once the caret in it.
			addParagraph(a.doc, text);
			a.provider.awareness.setLocalStateField('cursor', { at: text });
			await waitFor(() => seen.has(text), 5000, `caret ${round} at B`);
		}
		expect(early).toEqual([]);
		// The later tests count this person's connections.
		a.destroy();
		b.destroy();
	});

	it("ignores awareness for another person's client id", async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		const a = client(paperId, await sessionCookie(handle.db, people.delegate.id));
		await a.synced();
		a.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
		const hostile = rawSocket(server, paperId, await sessionCookie(handle.db, people.chair.id));
		await hostile.opened;
		// Claims A's client id: "A left".
		const forged = new Awareness(new Y.Doc());
		forged.clientID = a.doc.clientID;
		forged.setLocalState(null);
		const meta = new Map([[a.doc.clientID, { clock: 1_000_000, lastUpdated: Date.now() }]]);
		forged.meta = meta;
		hostile.ws.send(awarenessMessage(encodeAwarenessUpdate(forged, [a.doc.clientID])));
		const watcher = client(paperId, await sessionCookie(handle.db, people.policyOfficer.id));
		await watcher.synced();
		await waitFor(() => watcher.provider.awareness.getStates().has(a.doc.clientID), 5000, "A's caret at the watcher");
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(watcher.provider.awareness.getStates().get(a.doc.clientID)?.user?.id).toBe(people.delegate.id);
		hostile.ws.close();
		forged.destroy();
	});
});

describe('malformed frames', () => {
	it('close only the connection that sent them, with 1003, 1007 or 1009', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		const a = client(paperId, await sessionCookie(handle.db, people.delegate.id));
		const b = client(paperId, await sessionCookie(handle.db, people.chair.id));
		await Promise.all([a.synced(), b.synced()]);
		const cookie = await sessionCookie(handle.db, people.policyOfficer.id);
		const cases: [string, Uint8Array | string, number][] = [
			['a text frame', 'hallo', CloseCode.unsupportedData],
			['garbage', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), CloseCode.invalidPayload],
			['a truncated varint', new Uint8Array([0, 2, 0x80]), CloseCode.invalidPayload],
			['a length beyond the frame', new Uint8Array([0, 2, 50, 1, 2]), CloseCode.invalidPayload],
			['an empty frame', new Uint8Array([]), CloseCode.invalidPayload],
			['an unknown message type', new Uint8Array([7]), CloseCode.unsupportedData],
			['an auth message', new Uint8Array([2, 0, 0]), CloseCode.unsupportedData],
			['an unknown sync step', new Uint8Array([0, 9, 0]), CloseCode.unsupportedData],
			['trailing bytes', new Uint8Array([3, 0]), CloseCode.invalidPayload],
			['an update that does not decode', syncMessage(2, new Uint8Array([1, 2, 3, 4, 5])), CloseCode.invalidPayload],
			['a state vector that does not decode', syncMessage(0, new Uint8Array([5, 1])), CloseCode.invalidPayload],
			['awareness that does not decode', awarenessMessage(new Uint8Array([1, 5, 1, 3, 0x7b])), CloseCode.invalidPayload],
			['a frame beyond maxPayload', new Uint8Array(1024 * 1024 + 1), 1009]
		];
		for (const [what, data, code] of cases) {
			const socket = rawSocket(server, paperId, cookie);
			await socket.opened;
			socket.ws.send(data);
			expect((await socket.closed).code, what).toBe(code);
		}
		await converge(a, b, paperId, 'danach');
		expect(a.closes).toEqual([]);
		expect(b.closes).toEqual([]);
	});
});

describe('bounds', () => {
	it('closes a change that would make the paper too large with 4413, and keeps it from everyone', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		const a = client(paperId, await sessionCookie(handle.db, people.delegate.id));
		const b = client(paperId, await sessionCookie(handle.db, people.chair.id));
		await Promise.all([a.synced(), b.synced()]);
		addParagraph(a.doc, 'klein');
		await waitFor(() => paragraphs(b.doc).includes('klein'));
		addParagraph(a.doc, 'x'.repeat(MAX_PAPER_BYTES));
		await waitFor(() => a.closes.includes(CloseCode.tooLarge), 5000, '4413');
		await converge(b, client(paperId, await sessionCookie(handle.db, people.policyOfficer.id)), paperId, 'weiter');
		expect(paragraphs(b.doc)).not.toContain('x'.repeat(MAX_PAPER_BYTES));
		expect(paragraphs(await serverDoc(paperId)).join('').length).toBeLessThan(1000);
	});

	it('refuses connections beyond the limits per person and per paper with 1013', async () => {
		const paperId = await newPaper(handle.db, people.committee.id);
		const delegate = () => newPerson(handle.db, { committees: [{ committeeId: people.committee.id, role: 'delegate' }] });
		const cookie = await sessionCookie(handle.db, (await delegate()).id);
		const mine: RawSocket[] = [];
		for (let i = 0; i < 4; i++) {
			mine.push(rawSocket(server, paperId, cookie));
			await mine[i].opened;
		}
		const fifth = rawSocket(server, paperId, cookie);
		expect((await fifth.closed).code).toBe(CloseCode.tryAgainLater);
		const others: RawSocket[] = [];
		for (let i = 0; i < 4; i++) {
			others.push(rawSocket(server, paperId, await sessionCookie(handle.db, (await delegate()).id)));
			await others[i].opened;
		}
		const ninth = rawSocket(server, paperId, await sessionCookie(handle.db, (await delegate()).id));
		expect((await ninth.closed).code).toBe(CloseCode.tryAgainLater);
		// One leaves, the person's next connection is welcome again.
		mine[0].ws.close();
		await mine[0].closed;
		await waitFor(async () => {
			const retry = rawSocket(server, paperId, cookie);
			const outcome = await Promise.race([retry.opened.then(() => new Promise((r) => setTimeout(r, 100))).then(() => retry.ws.readyState), retry.closed.then(() => -1)]);
			retry.ws.close();
			return outcome === retry.ws.OPEN || outcome === 1;
		}, 5000, 'a free slot');
		for (const s of [...mine, ...others]) s.ws.close();
	});
});

describe('fuzz', () => {
	it('survives thousands of random and mutated messages from a hostile writer', async () => {
		const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
		const random = mulberry32(seed);
		const int = (n: number) => Math.floor(random() * n);
		const pick = <T>(items: T[]): T => items[int(items.length)];
		const paperId = await newPaper(handle.db, people.committee.id);
		const a = connectClient(server, paperId, await sessionCookie(handle.db, people.delegate.id), docWithId(101));
		const b = connectClient(server, paperId, await sessionCookie(handle.db, people.chair.id), docWithId(102));
		clients.push(a, b);
		await Promise.all([a.synced(), b.synced()]);
		addParagraph(a.doc, 'Ausgangstext');
		await waitFor(() => paragraphs(b.doc).includes('Ausgangstext'));
		a.provider.awareness.setLocalStateField('cursor', { anchor: 1 });

		// Real updates of this paper, to send as they are, out of order, twice, or mutated.
		const hostileDoc = docWithId(103);
		Y.applyUpdate(hostileDoc, Y.encodeStateAsUpdate(a.doc));
		const updates: Uint8Array[] = [];
		hostileDoc.on('update', (update: Uint8Array) => updates.push(update));
		for (let i = 0; i < 20; i++) addParagraph(hostileDoc, `fremd ${i}`);
		hostileDoc.getXmlFragment('default').delete(0, 1);
		hostileDoc.getMap('meta').set('x', new Y.XmlElement('paragraph'));
		hostileDoc.getText('default-text').insert(0, 'abc', { bold: true });
		updates.push(Y.encodeStateAsUpdate(hostileDoc));

		const randomJson = (depth = 0): unknown => {
			switch (int(depth > 3 ? 5 : 7)) {
				case 0: return null;
				case 1: return int(2) === 0;
				case 2: return pick([0, -1, 1e308, 2 ** 53, 3.5]);
				case 3: return pick(['', 'Mallory', '\u0000', '\ud800', 'x'.repeat(int(2000))]);
				case 4: return {};
				case 5: return Array.from({ length: int(4) }, () => randomJson(depth + 1));
				default: return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(['user', 'cursor', '__proto__', 'name', 'x']), randomJson(depth + 1)]));
			}
		};
		const clientId = () => pick([a.doc.clientID, b.doc.clientID, hostileDoc.clientID, int(2 ** 32), 0]);
		const awarenessUpdate = () =>
			frame((e) => {
				const n = int(4);
				encoding.writeVarUint(e, n);
				for (let i = 0; i < n; i++) {
					encoding.writeVarUint(e, clientId());
					encoding.writeVarUint(e, pick([0, 1, int(1000), 2 ** 31]));
					encoding.writeVarString(e, JSON.stringify(randomJson()));
				}
			});
		const stateVector = () =>
			frame((e) => {
				const n = int(4);
				encoding.writeVarUint(e, n);
				for (let i = 0; i < n; i++) {
					encoding.writeVarUint(e, clientId());
					encoding.writeVarUint(e, pick([0, int(100), 2 ** 40]));
				}
			});
		/** Well-formed envelopes with random or real contents: these reach the document and awareness. */
		const wellFormed = (): Uint8Array => {
			switch (int(6)) {
				case 0: return syncMessage(0, stateVector());
				case 1: return syncMessage(pick([1, 2]), pick(updates));
				case 2: return syncMessage(pick([1, 2]), mutate(pick(updates)));
				case 3: return awarenessMessage(awarenessUpdate());
				case 4: return new Uint8Array([3]);
				default: return syncMessage(2, Y.mergeUpdates([pick(updates), pick(updates)]));
			}
		};
		function mutate(bytes: Uint8Array): Uint8Array {
			const out = [...bytes];
			for (let n = 1 + int(3); n > 0; n--) {
				const at = int(out.length + 1);
				switch (int(6)) {
					case 0: out[at] = int(256); break;
					case 1: out[at] = (out[at] ?? 0) ^ (1 << int(8)); break;
					case 2: out.splice(at, 0, int(256)); break;
					case 3: out.splice(at, 1 + int(4)); break;
					case 4: out.length = Math.max(0, at); break;
					case 5: out.splice(at, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f); break;
				}
			}
			return new Uint8Array(out.map((x) => x & 0xff));
		}
		const message = (): Uint8Array | string => {
			const kind = int(20);
			if (kind === 0) return 'x'.repeat(int(20));
			if (kind === 1) return new Uint8Array(Array.from({ length: int(64) }, () => int(256)));
			if (kind <= 7) return mutate(wellFormed()); // the envelope itself broken
			return wellFormed();
		};

		const mallory = await newPerson(handle.db, { committees: [{ committeeId: people.committee.id, role: 'delegate' }] });
		const cookie = await sessionCookie(handle.db, mallory.id);
		const codes = new Map<number, number>();
		const TOTAL = Number(process.env.FUZZ_MESSAGES ?? 2000);
		const PARALLEL = 4;
		let sent = 0;
		const hostile = async () => {
			while (sent < TOTAL) {
				const socket = rawSocket(server, paperId, cookie);
				const closed = socket.closed.then(({ code }) => {
					codes.set(code, (codes.get(code) ?? 0) + 1);
					return 'closed' as const;
				});
				if ((await Promise.race([socket.opened.catch(() => 'closed' as const), closed])) === 'closed') continue;
				// After each message a query (type 3), whose answer (an awareness message) shows that the
				// server has dealt with the message before it: every message is judged on its own.
				let answered: () => void = () => {};
				socket.ws.on('message', (data: Buffer) => {
					if (data[0] === 1) answered();
				});
				while (sent < TOTAL) {
					const answer = new Promise<'answered'>((resolve) => (answered = () => resolve('answered')));
					socket.ws.send(message());
					socket.ws.send(new Uint8Array([3]));
					sent++;
					if ((await Promise.race([answer, closed])) === 'closed') break;
				}
				socket.ws.close();
				await closed;
			}
		};
		await Promise.all(Array.from({ length: PARALLEL }, hostile));

		console.info(`fuzz seed ${seed}: ${sent} messages, close codes ${JSON.stringify([...codes])}`);
		const expected: number[] = [1000, 1005, CloseCode.unsupportedData, CloseCode.invalidPayload, CloseCode.policyViolation, CloseCode.tooLarge];
		expect([...codes.keys()].filter((code) => !expected.includes(code)), `seed ${seed}`).toEqual([]);
		expect(a.closes).toEqual([]);
		expect(b.closes).toEqual([]);
		// The attack may have deleted whatever it liked, even what A and B write next (Yjs keeps
		// deletions of structs it has not seen yet): a writer may delete text; what matters is that
		// everyone ends up with the same document, and that edits flow again.
		addParagraph(a.doc, 'nach dem Angriff A');
		addParagraph(b.doc, 'nach dem Angriff B');
		await settle(a, b, paperId);
		const c = client(paperId, await sessionCookie(handle.db, people.admin.id));
		const d = client(paperId, await sessionCookie(handle.db, people.policyOfficer.id));
		await Promise.all([c.synced(), d.synced()]);
		expect(paragraphs(c.doc)).toEqual(paragraphs(a.doc));
		await converge(c, d, paperId, 'Neuankömmlinge');
		await settle(a, c, paperId);
		// Names in awareness are still the session's.
		// Awareness keeps the client id it started with; Yjs may have changed A's doc.clientID when the
		// attack sent structs under A's id ("Changed the client-id because another client…").
		await waitFor(() => c.provider.awareness.getStates().get(a.provider.awareness.clientID)?.user?.id === people.delegate.id, 5000, "A's caret");
	}, 120_000);
});

function docWithId(clientID: number): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	return doc;
}

function mulberry32(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
