// Scenario 4: a large paper (about 100 pages, built by a long editing history and compacted).
// Ours: a client opens it while it is not in memory (loaded from the database, then synced: the
// "cold" open), and a second client while the first is still there ("warm"). The reference has no
// storage: it gets the paper from a client first, and only the warm open compares.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { plannedRuns, type BenchContext, type PlannedRun, type ScenarioReport } from '../context.ts';
import { EditLog, FullClient } from '../clients.ts';
import { buildLargePaper, countCharacters } from '../large-paper.ts';
import { ratio } from '../report.ts';
import { distribution, pooled, round, type Distribution } from '../stats.ts';
import type { BenchServer } from '../servers.ts';

const TARGET_P50_MS = 150;

interface LargeRun extends PlannedRun {
	cold: number[];
	warm: number[];
	serverErrors: string[];
}

/** The paper is the same every time (a fixed seed); it takes seconds to type, so it is kept in /tmp. */
function largePaper(chars: number) {
	const file = join(tmpdir(), `mitsprache-bench-large-${chars}-v1.bin`);
	if (existsSync(file)) {
		const state = new Uint8Array(readFileSync(file));
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		const characters = countCharacters(doc.getXmlFragment('default'));
		doc.destroy();
		return { state, characters };
	}
	console.log(`  typing a paper of ${chars} characters …`);
	const paper = buildLargePaper(chars);
	writeFileSync(file, paper.state);
	console.log(`  ${paper.characters} characters, ${paper.blocks} blocks, ${paper.transactions} transactions by ${paper.authors} sessions, state ${(paper.state.length / 1024).toFixed(0)} KiB`);
	return paper;
}

async function openOnce(server: BenchServer, paperId: string, cookie: string, expectChars: number, state?: Uint8Array): Promise<{ ms: number; client: FullClient }> {
	const t0 = performance.now();
	const client = new FullClient(server, paperId, 0, cookie, new EditLog());
	if (state) Y.applyUpdate(client.doc, state);
	await client.synced();
	const ms = performance.now() - t0;
	const chars = countCharacters(client.doc.getXmlFragment('default'));
	if (chars !== expectChars) throw new Error(`synced ${chars} characters, expected ${expectChars}`);
	return { ms, client };
}

export async function large(ctx: BenchContext): Promise<ScenarioReport> {
	const q = ctx.quick;
	const repeats = q ? 3 : 20;
	const { state, characters } = largePaper(q ? 30_000 : 300_000);
	const people = await ctx.db.people(3);
	const runs: LargeRun[] = [];
	for (const planned of plannedRuns(ctx.order)) {
		const server = await ctx.start(planned.kind);
		const cold: number[] = [];
		const warm: number[] = [];
		try {
			const paperIds = await ctx.db.papers(repeats, `large run ${planned.index}`);
			if (planned.kind === 'ours') for (const id of paperIds) await ctx.db.putState(id, state);
			for (const paperId of paperIds) {
				let first: FullClient;
				if (planned.kind === 'ours') {
					const opened = await openOnce(server, paperId, people[0].cookie, characters);
					cold.push(opened.ms);
					first = opened.client;
				} else {
					// The reference learns the paper from its first client.
					first = (await openOnce(server, paperId, people[0].cookie, characters, state)).client;
					await new Promise((r) => setTimeout(r, 200));
				}
				const second = await openOnce(server, paperId, people[1].cookie, characters);
				warm.push(second.ms);
				second.client.close();
				first.close();
			}
		} finally {
			await server.stop();
		}
		runs.push({ ...planned, cold, warm, serverErrors: server.errors });
		const d = distribution(cold.length ? cold : warm);
		console.log(`  run ${planned.index} ${planned.kind}: ${cold.length ? 'cold' : 'warm'} p50 ${d.p50.toFixed(1)} ms`);
	}
	const compare = runs.filter((r) => r.phase === 'compare');
	const pick = (kind: string, what: 'cold' | 'warm') => pooled(compare.filter((r) => r.kind === kind).map((r) => r[what]));
	const oursCold = pick('ours', 'cold');
	const oursWarm = pick('ours', 'warm');
	const refWarm = pick('reference', 'warm');
	const row = (label: string, d: Distribution) => [label, d.count, d.p50, d.p90, d.max];
	const notes = [
		`paper: ${characters} characters, state ${(state.length / 1024).toFixed(0)} KiB`,
		`ours cold p50 ${oursCold.p50.toFixed(1)} ms (target < ${TARGET_P50_MS}); warm p50 ours / reference: ${ratio(oursWarm.p50 / refWarm.p50)}`
	];
	for (const r of runs) if (r.serverErrors.length) notes.push(`run ${r.index} (${r.kind}): ${r.serverErrors.length} server error lines (first: ${r.serverErrors[0]})`);
	return {
		name: 'large',
		title: '4 a large paper',
		target: `ours: load from the database and first sync < ${TARGET_P50_MS} ms at p50`,
		met: oursCold.count ? oursCold.p50 < TARGET_P50_MS : null,
		notes,
		tables: [
			{
				title: '4 a large paper: open until synced (ms)',
				headers: ['open', 'n', 'p50 ms', 'p90', 'max'],
				rows: [row('ours, cold (from the database)', oursCold), row('ours, warm', oursWarm), row('reference, warm', refWarm)]
			}
		],
		summary: { characters, stateBytes: state.length, oursCold: round(oursCold.p50), oursWarm: round(oursWarm.p50), referenceWarm: round(refWarm.p50) },
		runs
	};
}
