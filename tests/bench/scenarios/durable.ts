// Scenario 3: the durable write rate. Writers on many papers send prepared edits at a rising rate;
// the highest rate whose p99 (send to every other client) stays under 50 ms with nothing lost is
// the server's. Ours stores each edit (synchronous_commit on) before anyone sees it; after each of
// its runs the stored papers are read back and every edit sent must be in them.
import { sql } from 'kysely';
import * as Y from 'yjs';
import { plannedRuns, type BenchContext, type PlannedRun, type ScenarioReport } from '../context.ts';
import { scanMarkers } from '../clients.ts';
import { Population, step, type StepResult } from '../load.ts';
import { pct, ratio } from '../report.ts';
import { pooled, round } from '../stats.ts';
import { loadStoredPaper } from '../../../server/collab/persistence.ts';

const P99_LIMIT_MS = 50;
const TARGET_RATE = 5000;

interface RateRow {
	rate: number;
	editsPerSecond: number;
	p50: number;
	p99: number;
	p999: number;
	max: number;
	lost: number;
	serverCpu: number;
	dbCpu: number | null;
	commitsPerSecond: number | null;
	generatorCpu: number;
	eldP99: number | null;
	ok: boolean;
	why: string | null;
}

interface DurableRun extends PlannedRun {
	rows: RateRow[];
	best: number;
	stopped: string | null;
	stored: { sent: number; stored: number } | null;
	serverErrors: string[];
}

async function commits(ctx: BenchContext): Promise<number> {
	const { rows } = await sql<{ n: number }>`select xact_commit::int8 as n from pg_stat_database where datname = ${ctx.db.name}`.execute(ctx.db.db);
	return Number(rows[0]?.n ?? 0);
}

/** Every edit marker found in the stored state of these papers (read back after the server stopped). */
async function storedEdits(ctx: BenchContext, paperIds: string[]): Promise<number> {
	let found = 0;
	for (const paperId of paperIds) {
		const stored = await loadStoredPaper(ctx.db.db, paperId);
		const doc = new Y.Doc();
		doc.transact(() => {
			if (stored.state) Y.applyUpdate(doc, stored.state);
			for (const u of stored.updates) Y.applyUpdate(doc, u.data);
		});
		const seen = new Set<string>();
		const walk = (node: Y.XmlFragment | Y.XmlElement) => {
			for (const child of node.toArray()) {
				if (child instanceof Y.XmlText) scanMarkers(new TextEncoder().encode(child.toString()), (w, s) => seen.add(`${w}.${s}`));
				else walk(child as Y.XmlElement);
			}
		};
		walk(doc.getXmlFragment('default'));
		found += seen.size;
		doc.destroy();
	}
	return found;
}

export async function durable(ctx: BenchContext): Promise<ScenarioReport> {
	const q = ctx.quick;
	const papers = q ? 10 : 100;
	const writersPerPaper = 2;
	const fullReaderPapers = q ? 2 : 10;
	const rates = q ? [500, 1000, 2000] : [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 10000, 12000];
	const warmupS = q ? 1 : 2;
	const measureS = q ? 2 : 5;
	const people = await ctx.db.people(papers * 4);
	const runs: DurableRun[] = [];

	for (const planned of plannedRuns(ctx.order)) {
		const server = await ctx.start(planned.kind);
		const paperIds = await ctx.db.papers(papers, `durable run ${planned.index}`);
		const rows: RateRow[] = [];
		let stopped: string | null = null;
		let sent = 0;
		try {
			const population = await Population.connect(server, {
				paperIds,
				writersPerPaper,
				fullReadersPerPaper: 1,
				fullReaderPapers,
				clientsPerPaper: 4,
				writerKind: 'light',
				cursors: false,
				people
			});
			try {
				const dbPids = planned.kind === 'ours' ? await ctx.db.backendPids() : undefined;
				for (const rate of rates) {
					const before = planned.kind === 'ours' ? await commits(ctx) : 0;
					const t0 = performance.now();
					const r: StepResult = await step(population, { rate: rate / population.writers.length, warmupS, measureS, drainS: 5, server, dbPids });
					const seconds = (performance.now() - t0) / 1000;
					const commitRate = planned.kind === 'ours' ? ((await commits(ctx)) - before) / seconds : null;
					const all = pooled([r.samples.full, r.samples.light]);
					const why =
						r.generatorCpu > ctx.maxGeneratorCpu
							? `generator CPU ${pct(r.generatorCpu)}`
							: r.lost > 0
								? `${r.lost} edits not received`
								: all.p99 > P99_LIMIT_MS
									? `p99 ${all.p99.toFixed(1)} ms`
									: null;
					rows.push({
						rate,
						editsPerSecond: r.editsPerSecond,
						p50: all.p50,
						p99: all.p99,
						p999: all.p999,
						max: all.max,
						lost: r.lost,
						serverCpu: r.serverCpu,
						dbCpu: r.dbCpu,
						commitsPerSecond: commitRate,
						generatorCpu: r.generatorCpu,
						eldP99: r.probe?.delay.p99 ?? null,
						ok: why === null,
						why
					});
					console.log(`  run ${planned.index} ${planned.kind} ${rate}/s: p99 ${all.p99.toFixed(1)} ms, lost ${r.lost}, server CPU ${pct(r.serverCpu)}, gen ${pct(r.generatorCpu)}${why ? ` → stop: ${why}` : ''}`);
					if (why) {
						stopped = why;
						break;
					}
				}
			} finally {
				sent = population.writers.reduce((n, w) => n + population.log.sentBy(w.id), 0);
				population.close();
			}
		} finally {
			await server.stop();
		}
		let stored: DurableRun['stored'] = null;
		if (planned.kind === 'ours') {
			const total = await storedEdits(ctx, paperIds);
			stored = { sent, stored: total };
		}
		const okRows = rows.filter((r) => r.ok);
		runs.push({ ...planned, rows, best: okRows.length ? Math.max(...okRows.map((r) => r.editsPerSecond)) : 0, stopped, stored, serverErrors: server.errors });
	}
	return summarise(ctx, runs, rates);
}

function summarise(ctx: BenchContext, runs: DurableRun[], rates: number[]): ScenarioReport {
	const compare = runs.filter((r) => r.phase === 'compare');
	const best = (kind: 'ours' | 'reference') => {
		const xs = compare.filter((r) => r.kind === kind).map((r) => r.best);
		return xs.length ? Math.min(...xs) : NaN;
	};
	const ours = best('ours');
	const reference = best('reference');
	const topRate = rates[rates.length - 1];
	const notes = [
		`highest rate with p99 < ${P99_LIMIT_MS} ms and nothing lost (worst of the compare runs): ours ${ours.toFixed(0)} edits/s, reference ${reference.toFixed(0)} edits/s (${ratio(ours / reference)})`
	];
	for (const r of runs) {
		if (!r.stopped) notes.push(`run ${r.index} (${r.kind}) passed every rate up to ${topRate}/s: the ramp, not the server, ended it`);
		if (r.stored) notes.push(`run ${r.index} (${r.kind}): ${r.stored.stored} of ${r.stored.sent} edits sent found in the stored papers after the server stopped`);
		if (r.serverErrors.length) notes.push(`run ${r.index} (${r.kind}): ${r.serverErrors.length} server error lines (first: ${r.serverErrors[0]})`);
	}
	const rows = runs.flatMap((run) =>
		run.rows.map((r) => [
			`${run.index} ${run.label} ${run.kind}${run.phase === 'noise' ? ' (noise)' : ''}`,
			r.rate,
			round(r.editsPerSecond, 0),
			r.p50,
			r.p99,
			r.p999,
			r.max,
			r.lost,
			pct(r.serverCpu),
			r.dbCpu === null ? '–' : pct(r.dbCpu),
			r.commitsPerSecond === null ? '–' : round(r.commitsPerSecond, 0),
			r.eldP99,
			pct(r.generatorCpu),
			r.ok ? 'ok' : (r.why ?? '')
		])
	);
	return {
		name: 'durable',
		title: '3 durable write rate',
		target: `ours ≥ ${TARGET_RATE} edits/s stored with p99 < ${P99_LIMIT_MS} ms`,
		met: Number.isFinite(ours) ? ours >= TARGET_RATE && runs.every((r) => !r.stored || r.stored.stored === r.stored.sent) : null,
		notes,
		tables: [
			{
				title: '3 durable write rate: steps (p-values over every receiver)',
				headers: ['run', 'target/s', 'sent/s', 'p50 ms', 'p99', 'p99.9', 'max', 'lost', 'server CPU', 'db CPU', 'commits/s', 'ELD p99', 'gen CPU', 'verdict'],
				rows
			}
		],
		summary: { ours, reference, ratio: ours / reference },
		runs
	};
}
