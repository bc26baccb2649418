// Scenarios 1 and 2: people typing while many others watch. Each run starts its server afresh,
// on fresh papers, connects the population, and measures one window of open-loop typing.
import { plannedRuns, type BenchContext, type PlannedRun, type ScenarioReport } from '../context.ts';
import { Population, step, type StepResult } from '../load.ts';
import { pct, ratio } from '../report.ts';
import { pooled, round, type Distribution } from '../stats.ts';

export interface TypingSpec {
	name: string;
	title: string;
	papers: number;
	writersPerPaper: number;
	fullReadersPerPaper: number;
	fullReaderPapers?: number;
	clientsPerPaper: number;
	rate: number;
	warmupS: number;
	measureS: number;
	targets: { p99Ratio: number; cpuRatio?: number; rssMiB?: number; noLoss?: boolean };
}

export interface TypingRun extends PlannedRun {
	result: Omit<StepResult, 'samples'>;
	connectMs: number;
	serverErrors: string[];
	discarded: string | null;
}

const dist = (d: Distribution) => ({ count: d.count, p50: round(d.p50), p90: round(d.p90), p99: round(d.p99), p999: round(d.p999), max: round(d.max), mean: round(d.mean) });

export function runRow(run: TypingRun): (string | number | null)[] {
	const r = run.result;
	return [
		`${run.index} ${run.label} ${run.kind}${run.phase === 'noise' ? ' (noise)' : ''}${run.discarded ? ' DISCARDED' : ''}`,
		r.clients,
		round(r.editsPerSecond, 0),
		r.latency.p50,
		r.latency.p90,
		r.latency.p99,
		r.latency.p999,
		r.latency.max,
		r.latencyLight.p99,
		`${r.received}/${r.expected}`,
		pct(r.serverCpu),
		round(r.rssMax, 0),
		r.probe ? r.probe.delay.p99 : null,
		r.dbCpu === null ? '–' : pct(r.dbCpu),
		pct(r.generatorCpu),
		pct(r.machineBusy)
	];
}

export const RUN_HEADERS = ['run', 'clients', 'edits/s', 'p50 ms', 'p90', 'p99', 'p99.9', 'max', 'p99 light', 'received/expected', 'server CPU', 'RSS MiB', 'ELD p99 ms', 'db CPU', 'gen CPU', 'machine'];

export async function typingScenario(ctx: BenchContext, spec: TypingSpec): Promise<ScenarioReport> {
	const people = await ctx.db.people(spec.papers * spec.clientsPerPaper);
	const runs: TypingRun[] = [];
	const samples = new Map<number, { full: Float64Array; light: Float64Array }>();
	for (const planned of plannedRuns(ctx.order)) {
		const server = await ctx.start(planned.kind);
		try {
			const paperIds = await ctx.db.papers(spec.papers, `${spec.name} run ${planned.index}`);
			const population = await Population.connect(server, {
				paperIds,
				writersPerPaper: spec.writersPerPaper,
				fullReadersPerPaper: spec.fullReadersPerPaper,
				fullReaderPapers: spec.fullReaderPapers,
				clientsPerPaper: spec.clientsPerPaper,
				writerKind: 'light',
				cursors: true,
				people
			});
			try {
				const dbPids = planned.kind === 'ours' ? await ctx.db.backendPids() : undefined;
				const result = await step(population, { rate: spec.rate, warmupS: spec.warmupS, measureS: spec.measureS, drainS: 5, server, dbPids });
				const { samples: s, ...rest } = result;
				samples.set(planned.index, s);
				const discarded = result.generatorCpu > ctx.maxGeneratorCpu ? `generator CPU ${pct(result.generatorCpu)} > ${pct(ctx.maxGeneratorCpu)}` : null;
				runs.push({ ...planned, result: rest, connectMs: population.connectMs, serverErrors: server.errors, discarded });
				console.log(`  run ${planned.index} ${planned.label} ${planned.kind}: p99 ${rest.latency.p99.toFixed(1)} ms, ${rest.received}/${rest.expected}, server CPU ${pct(rest.serverCpu)}, gen CPU ${pct(rest.generatorCpu)}`);
			} finally {
				population.close();
			}
		} finally {
			await server.stop();
		}
	}
	return summarise(ctx, spec, runs, samples);
}

function summarise(ctx: BenchContext, spec: TypingSpec, runs: TypingRun[], samples: Map<number, { full: Float64Array; light: Float64Array }>): ScenarioReport {
	const notes: string[] = [];
	const compare = runs.filter((r) => r.phase === 'compare' && !r.discarded);
	const side = (kind: 'ours' | 'reference') => compare.filter((r) => r.kind === kind);
	const latency = (kind: 'ours' | 'reference') => pooled(side(kind).map((r) => samples.get(r.index)!.full));
	const light = (kind: 'ours' | 'reference') => pooled(side(kind).map((r) => samples.get(r.index)!.light));
	const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
	const ours = latency('ours');
	const reference = latency('reference');
	const oursLight = light('ours');
	const referenceLight = light('reference');
	const cpuOurs = mean(side('ours').map((r) => r.result.serverCpu));
	const cpuRef = mean(side('reference').map((r) => r.result.serverCpu));
	const rssOurs = Math.max(...side('ours').map((r) => r.result.rssMax));
	const lostOurs = side('ours').reduce((n, r) => n + r.result.lost, 0);
	const lostRef = side('reference').reduce((n, r) => n + r.result.lost, 0);
	const p99Ratio = ours.p99 / reference.p99;
	const cpuRatio = cpuOurs / cpuRef;

	const noise = runs.filter((r) => r.phase === 'noise');
	const noiseRatio = noise.length === 2 ? pooled([samples.get(noise[1].index)!.full]).p99 / pooled([samples.get(noise[0].index)!.full]).p99 : NaN;
	if (noise.length === 2) notes.push(`noise: the A/A pair's p99 differ by ${ratio(noiseRatio)} (second / first)`);

	const checks: boolean[] = [];
	if (side('ours').length === 0 || side('reference').length === 0) {
		notes.push('not judged: a side has no valid compare run');
	} else {
		checks.push(p99Ratio <= spec.targets.p99Ratio);
		notes.push(`p99 ours / reference: ${ratio(p99Ratio)} (target ≤ ${spec.targets.p99Ratio}); light clients: ${ratio(oursLight.p99 / referenceLight.p99)}`);
		if (spec.targets.cpuRatio) {
			checks.push(cpuRatio <= spec.targets.cpuRatio);
			notes.push(`server CPU ours / reference: ${ratio(cpuRatio)} (target ≤ ${spec.targets.cpuRatio})`);
		}
		if (spec.targets.rssMiB) {
			checks.push(rssOurs <= spec.targets.rssMiB);
			notes.push(`RSS ours: ${rssOurs.toFixed(0)} MiB (target ≤ ${spec.targets.rssMiB})`);
		}
		if (spec.targets.noLoss) {
			checks.push(lostOurs === 0);
			notes.push(`edits lost: ours ${lostOurs}, reference ${lostRef}`);
		}
	}
	const errors = runs.flatMap((r) => r.serverErrors);
	if (errors.length) notes.push(`server error lines: ${errors.length} (first: ${errors[0]})`);
	const closes = runs.reduce((n, r) => n + r.result.unexpectedCloses, 0);
	if (closes) notes.push(`unexpected close codes seen by clients: ${closes}`);
	for (const r of runs) if (r.discarded) notes.push(`run ${r.index} discarded: ${r.discarded}`);

	const summaryRow = (label: string, d: Distribution, l: Distribution, cpu: number, rss: number) => [label, d.p50, d.p90, d.p99, d.p999, d.max, l.p99, pct(cpu), round(rss, 0)];
	const rssRef = Math.max(...side('reference').map((r) => r.result.rssMax));
	return {
		name: spec.name,
		title: spec.title,
		target: Object.entries(spec.targets)
			.map(([k, v]) => `${k} ${v}`)
			.join(', '),
		met: checks.length ? checks.every(Boolean) : null,
		notes,
		tables: [
			{ title: `${spec.title}: runs`, headers: RUN_HEADERS, rows: runs.map(runRow) },
			{
				title: `${spec.title}: A B B A pooled`,
				headers: ['server', 'p50 ms', 'p90', 'p99', 'p99.9', 'max', 'p99 light', 'server CPU', 'RSS MiB'],
				rows: [
					summaryRow('ours', ours, oursLight, cpuOurs, rssOurs),
					summaryRow('reference', reference, referenceLight, cpuRef, rssRef),
					['ours / reference', ours.p50 / reference.p50, ours.p90 / reference.p90, p99Ratio, ours.p999 / reference.p999, ours.max / reference.max, oursLight.p99 / referenceLight.p99, cpuRatio, rssOurs / rssRef].map((v, i) =>
						i === 0 ? v : ratio(v as number)
					)
				]
			}
		],
		summary: {
			ours: dist(ours),
			reference: dist(reference),
			oursLight: dist(oursLight),
			referenceLight: dist(referenceLight),
			p99Ratio: round(p99Ratio, 3),
			cpuOurs: round(cpuOurs, 3),
			cpuReference: round(cpuRef, 3),
			cpuRatio: round(cpuRatio, 3),
			rssOurs: round(rssOurs, 1),
			rssReference: round(rssRef, 1),
			lostOurs,
			lostReference: lostRef,
			noiseP99Ratio: round(noiseRatio, 3)
		},
		runs: runs.map((r) => ({ ...r, result: { ...r.result, latency: dist(r.result.latency), latencyLight: dist(r.result.latencyLight), sendLag: dist(r.result.sendLag) } }))
	};
}

export function meeting(ctx: BenchContext): Promise<ScenarioReport> {
	const q = ctx.quick;
	return typingScenario(ctx, {
		name: 'meeting',
		title: '1 committee meeting',
		papers: 1,
		writersPerPaper: q ? 4 : 20,
		fullReadersPerPaper: q ? 2 : 5,
		clientsPerPaper: q ? 40 : 200,
		rate: 5,
		warmupS: ctx.warmupS ?? (q ? 1 : 5),
		measureS: ctx.measureS ?? (q ? 3 : 30),
		targets: { p99Ratio: 1.25, noLoss: true }
	});
}

export function federation(ctx: BenchContext): Promise<ScenarioReport> {
	const q = ctx.quick;
	return typingScenario(ctx, {
		name: 'federation',
		title: '2 the federation at work',
		papers: q ? 10 : 100,
		writersPerPaper: 2,
		fullReadersPerPaper: 1,
		fullReaderPapers: q ? 2 : 10,
		clientsPerPaper: q ? 10 : 20,
		rate: 5,
		warmupS: ctx.warmupS ?? (q ? 1 : 5),
		measureS: ctx.measureS ?? (q ? 3 : 30),
		targets: { p99Ratio: 1.25, cpuRatio: 1.5, rssMiB: 250 }
	});
}
