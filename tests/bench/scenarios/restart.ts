// Scenario 5: a restart. Full clients on many papers, one writer per paper typing throughout;
// the server is stopped (SIGTERM) and started again on the same port. Measured: from the new
// process listening until every client has synced again. Afterwards every client of a paper must
// hold every edit of its writer (also those typed while the server was down), and for ours the
// stored papers too.
import * as Y from 'yjs';
import { plannedRuns, type BenchContext, type PlannedRun, type ScenarioReport } from '../context.ts';
import { EditLog, FullClient, scanMarkers } from '../clients.ts';
import { loadStoredPaper } from '../../../server/collab/persistence.ts';
import type { BenchServer } from '../servers.ts';
import { round } from '../stats.ts';

const TARGET_MS = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RestartRun extends PlannedRun {
	clients: number;
	stopMs: number;
	startMs: number;
	/** from the new process listening until all clients synced again */
	resyncMs: number;
	/** from SIGTERM until all clients synced again */
	totalMs: number;
	editsSent: number;
	clientsMissingEdits: number;
	papersConverged: number;
	storedMissing: number | null;
	unexpectedCloses: number[];
	serverErrors: string[];
}

function markersIn(doc: Y.Doc): Set<string> {
	const seen = new Set<string>();
	const walk = (node: Y.XmlFragment | Y.XmlElement) => {
		for (const child of node.toArray()) {
			if (child instanceof Y.XmlText) scanMarkers(new TextEncoder().encode(child.toString()), (w, s) => seen.add(`${w}.${s}`));
			else walk(child as Y.XmlElement);
		}
	};
	walk(doc.getXmlFragment('default'));
	return seen;
}

export async function restart(ctx: BenchContext): Promise<ScenarioReport> {
	const q = ctx.quick;
	const papers = q ? 5 : 50;
	const perPaper = 10;
	const rate = 2;
	const people = await ctx.db.people(papers * perPaper);
	const runs: RestartRun[] = [];

	for (const planned of plannedRuns(ctx.order)) {
		let server: BenchServer = await ctx.start(planned.kind);
		const port = server.port;
		const paperIds = await ctx.db.papers(papers, `restart run ${planned.index}`);
		const log = new EditLog();
		const clients: FullClient[] = [];
		const writers: { id: number; client: FullClient; sent: number }[] = [];
		const errors: string[] = [];
		let result: Omit<RestartRun, keyof PlannedRun | 'serverErrors'> | null = null;
		try {
			let person = 0;
			for (let p = 0; p < papers; p++) {
				for (let k = 0; k < perPaper; k++) {
					clients.push(new FullClient(server, paperIds[p], p, people[person++].cookie, log));
				}
			}
			await Promise.all(clients.map((c) => c.synced()));
			for (let p = 0; p < papers; p++) {
				const client = clients[p * perPaper];
				const id = log.register();
				client.startWriting(id);
				writers.push({ id, client, sent: 0 });
			}
			// Typing goes on throughout, online or not (y-websocket keeps what it could not send).
			let typing = true;
			const typer = (async () => {
				while (typing) {
					for (const w of writers) w.client.edit(log.sent(w.id, performance.now()));
					await sleep(1000 / rate);
				}
			})();
			await sleep(2000);
			const closesBefore = clients.map((c) => c.closes.length);
			const tStop = performance.now();
			const stopped = await server.stop();
			errors.push(...server.errors);
			const tStart = performance.now();
			server = await ctx.start(planned.kind, { port });
			const tListening = performance.now();
			const allBack = () => clients.every((c, i) => c.closes.length > closesBefore[i] && c.provider.wsconnected && c.provider.synced);
			while (!allBack() && performance.now() - tListening < 30_000) await sleep(5);
			const tSynced = performance.now();
			await sleep(2000);
			typing = false;
			await typer;
			// Everybody should now converge on everything typed.
			const sentOf = new Map(writers.map((w) => [w.id, log.sentBy(w.id)]));
			const complete = (c: FullClient) => {
				const seen = markersIn(c.doc);
				const w = writers[c.paper];
				return seen.size === sentOf.get(w.id);
			};
			const until = performance.now() + 15_000;
			while (!clients.every(complete) && performance.now() < until) await sleep(100);
			const missing = clients.filter((c) => !complete(c)).length;
			let converged = 0;
			for (let p = 0; p < papers; p++) {
				const texts = clients.slice(p * perPaper, (p + 1) * perPaper).map((c) => c.doc.getXmlFragment('default').toString());
				if (texts.every((t) => t === texts[0])) converged++;
			}
			result = {
				clients: clients.length,
				stopMs: stopped.ms,
				startMs: tListening - tStart,
				resyncMs: allBack() ? tSynced - tListening : Infinity,
				totalMs: allBack() ? tSynced - tStop : Infinity,
				editsSent: [...sentOf.values()].reduce((a, b) => a + b, 0),
				clientsMissingEdits: missing,
				papersConverged: converged,
				storedMissing: null,
				unexpectedCloses: clients.flatMap((c) => c.unexpectedCloses)
			};
		} finally {
			for (const c of clients) c.close();
			await server.stop();
			errors.push(...server.errors);
		}
		if (!result) throw new Error('restart run ended without a result');
		if (planned.kind === 'ours') {
			let storedMissing = 0;
			for (let p = 0; p < papers; p++) {
				const stored = await loadStoredPaper(ctx.db.db, paperIds[p]);
				const doc = new Y.Doc();
				doc.transact(() => {
					if (stored.state) Y.applyUpdate(doc, stored.state);
					for (const u of stored.updates) Y.applyUpdate(doc, u.data);
				});
				storedMissing += log.sentBy(writers[p].id) - markersIn(doc).size;
				doc.destroy();
			}
			result.storedMissing = storedMissing;
		}
		runs.push({ ...planned, ...result, serverErrors: errors });
		console.log(`  run ${planned.index} ${planned.kind}: resynced ${result.resyncMs.toFixed(0)} ms after listening (${result.totalMs.toFixed(0)} ms after SIGTERM), missing ${result.clientsMissingEdits}`);
	}

	const compare = runs.filter((r) => r.phase === 'compare');
	const ours = compare.filter((r) => r.kind === 'ours');
	const worst = Math.max(...ours.map((r) => r.resyncMs));
	const clean = ours.every((r) => r.clientsMissingEdits === 0 && r.storedMissing === 0 && r.unexpectedCloses.length === 0 && r.serverErrors.length === 0 && r.papersConverged === papers);
	const notes = [`ours: all ${ours[0]?.clients ?? 0} clients synced again at worst ${worst.toFixed(0)} ms after the new process listened (target < ${TARGET_MS} ms)`];
	for (const r of runs) {
		if (r.unexpectedCloses.length) notes.push(`run ${r.index} (${r.kind}): unexpected close codes ${[...new Set(r.unexpectedCloses)].join(', ')}`);
		if (r.serverErrors.length) notes.push(`run ${r.index} (${r.kind}): ${r.serverErrors.length} server error lines (first: ${r.serverErrors[0]})`);
	}
	return {
		name: 'restart',
		title: '5 a restart',
		target: `all clients synced again within ${TARGET_MS} ms, no error, no lost edit`,
		met: ours.length ? worst < TARGET_MS && clean : null,
		notes,
		tables: [
			{
				title: '5 a restart',
				headers: ['run', 'clients', 'stop ms', 'start ms', 'resync ms', 'SIGTERM→synced', 'edits', 'clients missing edits', 'papers converged', 'stored missing', 'errors'],
				rows: runs.map((r) => [
					`${r.index} ${r.label} ${r.kind}${r.phase === 'noise' ? ' (noise)' : ''}`,
					r.clients,
					round(r.stopMs, 0),
					round(r.startMs, 0),
					round(r.resyncMs, 0),
					round(r.totalMs, 0),
					r.editsSent,
					r.clientsMissingEdits,
					`${r.papersConverged}/${papers}`,
					r.storedMissing ?? '–',
					r.unexpectedCloses.length + r.serverErrors.length
				])
			}
		],
		summary: { worstResyncMs: round(worst, 0) },
		runs
	};
}
