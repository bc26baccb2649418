// Open-loop load: a population of clients on some papers, and steps in which the writers edit on
// a fixed schedule (never waiting for echoes) while everything is measured over one window.
import { EditLog, FullClient, LightClient, type Receiver, type Target } from './clients.ts';
import type { BenchPerson } from './database.ts';
import { GroupWatch, ProcessWatch, SelfWatch } from './proc.ts';
import type { BenchServer, ProbeReport } from './servers.ts';
import { Samples, distribution, type Distribution } from './stats.ts';

export interface PopulationSpec {
	paperIds: string[];
	/** every paper's clients: writers, full readers, and light clients for the rest */
	clientsPerPaper: number;
	writersPerPaper: number;
	/** full clients that only read, per paper (on the first `fullReaderPapers` papers) */
	fullReadersPerPaper: number;
	fullReaderPapers?: number;
	/** full: y-websocket providers that type; light: raw sockets that send prepared updates */
	writerKind: 'full' | 'light';
	/** writers move their caret (awareness) with every edit, as the editor does */
	cursors: boolean;
	people: BenchPerson[];
}

type Writer = { id: number; client: FullClient | LightClient };

/** A seeded generator: the same schedule phases in every run. */
function rng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)))]);
	} finally {
		clearTimeout(timer);
	}
}

export class Population {
	readonly log = new EditLog();
	readonly receivers: Receiver[] = [];
	readonly writers: Writer[] = [];
	readonly writersOfPaper: number[][] = [];
	connectMs = 0;

	private constructor(readonly spec: PopulationSpec) {}

	get size(): number {
		return this.receivers.length;
	}

	static async connect(target: Target, spec: PopulationSpec, concurrency = 50): Promise<Population> {
		const population = new Population(spec);
		const t0 = performance.now();
		const plan: (() => Receiver)[] = [];
		let person = 0;
		spec.paperIds.forEach((paperId, paper) => {
			population.writersOfPaper.push([]);
			const fullReaders = paper < (spec.fullReaderPapers ?? Infinity) ? spec.fullReadersPerPaper : 0;
			for (let k = 0; k < spec.writersPerPaper; k++) {
				const cookie = spec.people[person++].cookie;
				plan.push(() => {
					const client =
						spec.writerKind === 'full'
							? new FullClient(target, paperId, paper, cookie, population.log, { cursors: spec.cursors })
							: new LightClient(target, paperId, paper, cookie, population.log);
					population.writers.push({ id: -1, client });
					return client;
				});
			}
			for (let k = 0; k < fullReaders; k++) {
				const cookie = spec.people[person++].cookie;
				plan.push(() => new FullClient(target, paperId, paper, cookie, population.log));
			}
			for (let k = spec.writersPerPaper + fullReaders; k < spec.clientsPerPaper; k++) {
				const cookie = spec.people[person++].cookie;
				plan.push(() => new LightClient(target, paperId, paper, cookie, population.log));
			}
		});
		if (person > spec.people.length) throw new Error(`need ${person} people, have ${spec.people.length}`);
		// A bounded number of handshakes at a time, as a crowd arriving rather than a burst of thousands.
		let next = 0;
		const lane = async () => {
			while (next < plan.length) {
				const client = plan[next++]();
				population.receivers.push(client);
				await withTimeout(client.synced(), 60_000, 'a client to sync');
			}
		};
		try {
			await Promise.all(Array.from({ length: concurrency }, lane));
		} catch (err) {
			population.close();
			throw err;
		}
		for (const writer of population.writers) {
			writer.id = population.log.register();
			population.writersOfPaper[writer.client.paper].push(writer.id);
			if (writer.client instanceof LightClient) writer.client.startWriting(writer.id, spec.cursors);
			else writer.client.startWriting(writer.id);
		}
		// Let the new paragraphs reach everybody before anything is measured.
		await sleep(500);
		population.connectMs = performance.now() - t0;
		return population;
	}

	unexpectedCloses(): number[] {
		return this.receivers.flatMap((r) => r.unexpectedCloses);
	}

	close(): void {
		for (const receiver of this.receivers) receiver.close();
	}
}

export interface StepOptions {
	/** edits per second per writer */
	rate: number;
	warmupS: number;
	measureS: number;
	/** longest wait for the last edits after the window */
	drainS: number;
	server: BenchServer;
	/** the database backends whose CPU counts as the server's (ours) */
	dbPids?: number[];
	seed?: number;
}

export interface StepResult {
	rate: number;
	writers: number;
	clients: number;
	editsPerSecond: number;
	latency: Distribution;
	latencyLight: Distribution;
	/** the raw samples, for pooling runs */
	samples: { full: Float64Array; light: Float64Array };
	expected: number;
	received: number;
	lost: number;
	outOfOrder: number;
	unexpectedCloses: number;
	sendLag: Distribution;
	serverCpu: number;
	rssMax: number;
	dbCpu: number | null;
	generatorCpu: number;
	machineBusy: number;
	probe: ProbeReport | null;
}

export async function step(population: Population, options: StepOptions): Promise<StepResult> {
	const { log, writers } = population;
	const interval = 1000 / options.rate;
	const random = rng(options.seed ?? 7);
	for (const writer of writers) {
		if (writer.client instanceof LightClient) writer.client.prepare(Math.ceil(options.rate * (options.warmupS + options.measureS)) + 2);
	}
	const sentBefore = writers.map((w) => log.sentBy(w.id));
	const receivedBefore = population.receivers.map((r) => r.tally.received);
	const outOfOrderBefore = population.receivers.reduce((n, r) => n + r.tally.outOfOrder, 0);
	const closesBefore = population.unexpectedCloses().length;

	const t0 = performance.now() + 100;
	const windowStart = t0 + options.warmupS * 1000;
	const windowEnd = windowStart + options.measureS * 1000;
	log.newWindow(windowStart, windowEnd);
	const lag = new Samples();

	// Set by the timers at the window's start and end (the schedule below runs meanwhile).
	const measurement: {
		watches?: { server: ProcessWatch; self: SelfWatch; db: GroupWatch | null };
		measured?: { server: ReturnType<ProcessWatch['stop']>; self: ReturnType<SelfWatch['stop']>; db: number | null };
		probe?: Promise<ProbeReport | null>;
	} = {};
	const startWindow = setTimeout(() => {
		void options.server.probeReset().catch(() => {});
		measurement.watches = { server: new ProcessWatch(options.server.pid), self: new SelfWatch(), db: options.dbPids ? new GroupWatch(options.dbPids) : null };
	}, windowStart - performance.now());
	const endWindow = setTimeout(() => {
		const w = measurement.watches!;
		measurement.measured = { server: w.server.stop(), self: w.self.stop(), db: w.db?.stop() ?? null };
		measurement.probe = options.server.probeReport().catch(() => null);
	}, windowEnd - performance.now());

	const schedule = writers.map((w) => ({ writer: w, next: t0 + random() * interval }));
	await new Promise<void>((resolve) => {
		const tick = () => {
			const now = performance.now();
			let soonest = Infinity;
			for (const s of schedule) {
				while (s.next <= now && s.next <= windowEnd) {
					const seq = log.sent(s.writer.id, performance.now());
					lag.add(now - s.next);
					s.writer.client.edit(seq);
					s.next += interval;
				}
				if (s.next <= windowEnd && s.next < soonest) soonest = s.next;
			}
			if (soonest === Infinity) resolve();
			else setTimeout(tick, Math.max(0, soonest - performance.now()));
		};
		setTimeout(tick, Math.max(0, t0 - performance.now()));
	});
	// The window's end timer may still be due when the last edit went out.
	while (!measurement.measured) await sleep(5);
	clearTimeout(startWindow);
	clearTimeout(endWindow);

	const sentInStep = writers.map((w, i) => log.sentBy(w.id) - sentBefore[i]);
	const sentBy = new Map(writers.map((w, i) => [w.id, sentInStep[i]]));
	const expectedOf = (r: Receiver) => population.writersOfPaper[r.paper].reduce((n, w) => n + (w === r.writer ? 0 : sentBy.get(w)!), 0);
	const expected = population.receivers.reduce((n, r) => n + expectedOf(r), 0);
	const receivedNow = () => population.receivers.reduce((n, r, i) => n + r.tally.received - receivedBefore[i], 0);
	const drainUntil = performance.now() + options.drainS * 1000;
	while (receivedNow() < expected && performance.now() < drainUntil) await sleep(20);
	const received = receivedNow();
	const full = log.full.values();
	const light = log.light.values();
	const m = measurement.measured;
	return {
		rate: options.rate,
		writers: writers.length,
		clients: population.size,
		editsPerSecond: (sentInStep.reduce((a, b) => a + b, 0) * 1000) / (windowEnd - t0),
		latency: distribution(full),
		latencyLight: distribution(light),
		samples: { full, light },
		expected,
		received,
		lost: expected - received,
		outOfOrder: population.receivers.reduce((n, r) => n + r.tally.outOfOrder, 0) - outOfOrderBefore,
		unexpectedCloses: population.unexpectedCloses().length - closesBefore,
		sendLag: distribution(lag.values()),
		serverCpu: m.server.cpu,
		rssMax: m.server.rssMax,
		dbCpu: m.db,
		generatorCpu: m.self.generator,
		machineBusy: m.self.machineBusy,
		probe: (await measurement.probe) ?? null
	};
}
