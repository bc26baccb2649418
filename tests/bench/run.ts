// The collaboration server against the reference (@y/websocket-server 0.1.1), side by side.
//
//   npm run bench                         all scenarios, full size (takes a while)
//   npm run bench -- meeting federation   only these
//   npm run bench -- --quick              small sizes and short windows: a smoke run
//
// Options: --quick, --order=AA|ABBA (A ours, B reference; before | the noise pair), --build
// (always build) / --no-build (use build/ as it is; default: build when server/ or src/ changed),
// --cpu-prof (profile both servers, written under test-results/bench/<time>/profiles/<server>), --max-load=2.5
// (warn when the machine is busier at the start), --generator-limit=0.7, --measure=S and
// --warmup=S (the typing scenarios' window), --synchronous-commit=off (diagnosis only: what the flush to
// disk at each commit costs).
// See tests/bench/README.md.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join } from 'node:path';
import { BenchDatabase } from './database.ts';
import { prepareApp, startServer, ROOT, type ServerKind } from './servers.ts';
import { load1 } from './proc.ts';
import { table } from './report.ts';
import type { BenchContext, Scenario, ScenarioReport } from './context.ts';
import { federation, meeting } from './scenarios/typing.ts';
import { durable } from './scenarios/durable.ts';
import { large } from './scenarios/large.ts';
import { restart } from './scenarios/restart.ts';
import { workflow } from './scenarios/workflow.ts';

const SCENARIOS: Record<string, Scenario> = {
	meeting,
	federation,
	durable,
	large,
	restart,
	workflow
};

const RESULTS = join(ROOT, 'tests', 'bench', 'results');

function parseArgs(argv: string[]) {
	const flags = new Map<string, string | true>();
	const names: string[] = [];
	for (const arg of argv) {
		if (arg.startsWith('--')) {
			const [key, value] = arg.slice(2).split('=', 2);
			flags.set(key, value ?? true);
		} else names.push(arg);
	}
	return { flags, names };
}

async function main() {
	// Every y-websocket provider adds an exit listener; hundreds of clients are the point here.
	process.setMaxListeners(0);
	const { flags, names } = parseArgs(process.argv.slice(2));
	const quick = flags.has('quick');
	const selected = names.length ? names : Object.keys(SCENARIOS);
	for (const name of selected) if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
	const order = String(flags.get('order') ?? (quick ? 'AB' : 'AA|ABBA'));
	const maxLoad = Number(flags.get('max-load') ?? 2.5);
	const startLoad = load1();
	const machine = {
		cpu: cpus()[0]?.model ?? 'unknown',
		cores: cpus().length,
		memoryGiB: Math.round(totalmem() / 2 ** 30),
		kernel: release(),
		node: process.version,
		load1AtStart: startLoad
	};
	console.log(`machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}; load ${startLoad.toFixed(2)}`);
	const underLoad = startLoad > maxLoad;
	if (underLoad) console.warn(`WARNING: load average ${startLoad.toFixed(2)} > ${maxLoad}: figures are taken under load and are not representative`);

	// A quick run uses build/ as it is (unless told to build); a full run builds when the code changed.
	const app = await prepareApp({ build: flags.has('build') ? 'always' : flags.has('no-build') || quick ? 'never' : 'auto' });
	const db = await BenchDatabase.create({ synchronousCommit: flags.get('synchronous-commit') === 'off' ? 'off' : 'on' });
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	// Server logs and profiles are large and only for reading now: under test-results/ (ignored by git).
	const logDir = join(ROOT, 'test-results', 'bench', stamp);
	const profileDir = join(logDir, 'profiles');
	const cleanup = async () => {
		await db.drop().catch((err) => console.error('could not drop the bench database', err));
		rmSync(app.dir, { recursive: true, force: true });
	};
	process.once('SIGINT', () => {
		void cleanup().then(() => process.exit(130));
	});

	const ctx: BenchContext = {
		quick,
		order,
		db,
		maxGeneratorCpu: Number(flags.get('generator-limit') ?? 0.7),
		measureS: flags.has('measure') ? Number(flags.get('measure')) : undefined,
		warmupS: flags.has('warmup') ? Number(flags.get('warmup')) : undefined,
		start: (kind: ServerKind, options = {}) => {
			const nodeArgs = [...(options.nodeArgs ?? [])];
			if (flags.has('cpu-prof')) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${join(profileDir, kind)}`);
			return startServer(kind, kind === 'ours' ? app : null, { port: options.port, databaseUrl: db.url, logDir, nodeArgs });
		}
	};

	const reports: ScenarioReport[] = [];
	try {
		console.log(`bench database ${db.name} (synchronous_commit ${await db.synchronousCommit()}), order ${order}${quick ? ', quick' : ''}`);
		for (const name of selected) {
			console.log(`\n== ${name}`);
			const t0 = performance.now();
			const report = await SCENARIOS[name](ctx);
			reports.push(report);
			print(report);
			console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
			mkdirSync(RESULTS, { recursive: true });
			writeFileSync(
				join(RESULTS, `${stamp}-${name}${quick ? '-quick' : ''}.json`),
				JSON.stringify({ scenario: name, quick, order, machine, underLoad, loadAtEnd: load1(), report }, null, 1)
			);
		}
	} finally {
		await cleanup();
	}
	console.log(`\nresults in ${RESULTS}`);
	if (underLoad || load1() > maxLoad) console.warn(`WARNING: taken under load (1-minute load ${startLoad.toFixed(2)} at start, ${load1().toFixed(2)} at end)`);
	const failed = reports.filter((r) => r.met === false).map((r) => r.name);
	if (failed.length) console.log(`targets missed: ${failed.join(', ')}`);
}

function print(report: ScenarioReport) {
	for (const t of report.tables) console.log(`\n${t.title}\n${table(t.headers, t.rows)}`);
	console.log(`\ntarget: ${report.target} → ${report.met === null ? 'not judged' : report.met ? 'MET' : 'MISSED'}`);
	for (const note of report.notes) console.log(`  - ${note}`);
}

main().catch((err) => {
	console.error(err);
	process.exitCode = 1;
});
