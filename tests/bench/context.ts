// What every scenario gets: the size switch, the run order, the benchmark database, the built app
// and a way to start either server; and what every scenario returns.
import type { BenchDatabase } from './database.ts';
import type { BenchServer, ServerKind } from './servers.ts';
import type { Cell } from './report.ts';

export interface BenchContext {
	quick: boolean;
	/** e.g. `AA|ABBA`: A is ours, B the reference; the part before `|` is the noise pair */
	order: string;
	db: BenchDatabase;
	start(kind: ServerKind, options?: { port?: number; nodeArgs?: string[] }): Promise<BenchServer>;
	/** longest generator CPU (fraction of one core) for a run to count */
	maxGeneratorCpu: number;
	/** overrides of the typing scenarios' window (seconds) */
	measureS?: number;
	warmupS?: number;
}

export interface PlannedRun {
	label: 'A' | 'B';
	kind: ServerKind;
	/** noise: the A/A pair that shows how much two runs of the same server differ */
	phase: 'noise' | 'compare';
	index: number;
}

export function plannedRuns(order: string): PlannedRun[] {
	const [noise, compare] = order.includes('|') ? order.split('|') : ['', order];
	const runs: PlannedRun[] = [];
	for (const [letters, phase] of [
		[noise, 'noise'],
		[compare, 'compare']
	] as const) {
		for (const letter of letters.toUpperCase()) {
			if (letter !== 'A' && letter !== 'B') throw new Error(`run order: ${order}`);
			runs.push({ label: letter, kind: letter === 'A' ? 'ours' : 'reference', phase, index: runs.length + 1 });
		}
	}
	return runs;
}

export interface TableData {
	title: string;
	headers: string[];
	rows: Cell[][];
}

export interface ScenarioReport {
	name: string;
	title: string;
	target: string;
	/** null: not judged (e.g. nothing to compare, or runs discarded) */
	met: boolean | null;
	notes: string[];
	tables: TableData[];
	summary: Record<string, unknown>;
	runs: unknown[];
}

export type Scenario = (ctx: BenchContext) => Promise<ScenarioReport>;
