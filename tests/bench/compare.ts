// Benchmark: comparing two versions of a 100-page paper (about 300,000 characters, with
// headings, lists and a table, a few percent changed), as the compare page does it: derive the
// current text from the Yjs state, compare, number the lines, render the HTML (inline and side by side).
// Run: npx tsx tests/bench/compare.ts [runs]. The texts: tests/bench/versions-fixture.ts; the same
// comparison as a person sees it in the browser: tests/bench/compare-page.ts.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { compareDocuments, type DocJSON } from '../../server/versions/compare.ts';
import { renderComparison, renderSideBySide, type DiffLabels, type LineRefs } from '../../server/versions/render.ts';
import { comparisonLines, rangeLabel } from '../../server/export/compare-lines.ts';
import { DEFAULT_LINE_LENGTH } from '../../server/export/lines.ts';
import { paperNodeOfDoc, paperStateFromJSON } from '../../server/papers/document-content.ts';
import { comparedVersions, plainLength } from './versions-fixture.ts';

const RUNS = Number(process.argv[2]) || 15;

const labels: DiffLabels = {
	insertedStart: 'Einfügung:',
	insertedEnd: 'Ende der Einfügung',
	deletedStart: 'Löschung:',
	deletedEnd: 'Ende der Löschung',
	formatChanged: 'Formatierung geändert',
	blockChanged: 'Absatzformat geändert'
};

function stats(ms: number[]) {
	const sorted = [...ms].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
	return { median: at(0.5), p95: at(0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}

const fmt = (n: number) => `${n.toFixed(1)} ms`;

const { older, newer } = comparedVersions(300_000);
const newerState = paperStateFromJSON(newer);
const chars = plainLength(newer);
const first = compareDocuments(older, newer);
console.log(
	`paper: ${chars.toLocaleString('en')} characters of text, ${older.content!.length} top-level blocks (≈ ${Math.round(chars / 3000)} pages of 3,000 characters); Yjs state ${(newerState.length / 1024).toFixed(0)} KiB`
);
console.log(
	`changes: ${first.summary.blocksChanged} blocks, +${first.summary.wordsAdded} / −${first.summary.wordsRemoved} words, ${first.summary.formatChanges} formatting changes`
);

// Wall time and this process's CPU time: on a shared, busy machine the CPU time says what the work
// itself costs, the wall time what a person waited.
const cpuNow = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
};
const cpuTotal: number[] = [];
const stages = { derive: [] as number[], compare: [] as number[], lines: [] as number[], inline: [] as number[], side: [] as number[], total: [] as number[] };
for (let run = 0; run < RUNS + 2; run++) {
	const c0 = cpuNow();
	const t0 = performance.now();
	const doc = new Y.Doc();
	Y.applyUpdate(doc, newerState);
	const current = paperNodeOfDoc(doc).toJSON() as DocJSON;
	doc.destroy();
	const t1 = performance.now();
	const cmp = compareDocuments(older, current);
	const t2 = performance.now();
	const lines: LineRefs = {
		label: 'Zeilen',
		blocks: comparisonLines(cmp.blocks, older, current, DEFAULT_LINE_LENGTH).map((r) => ({ old: rangeLabel(r.old), new: rangeLabel(r.new) }))
	};
	const t2b = performance.now();
	const inline = renderComparison(cmp, labels, lines);
	const t3 = performance.now();
	const side = renderSideBySide(cmp, labels, lines);
	const t4 = performance.now();
	const c4 = cpuNow();
	if (!inline.length || !side.length) throw new Error('empty rendering');
	if (run < 2) continue; // warm-up
	stages.derive.push(t1 - t0);
	stages.compare.push(t2 - t1);
	stages.lines.push(t2b - t2);
	stages.inline.push(t3 - t2b);
	stages.side.push(t4 - t3);
	stages.total.push(t4 - t0);
	cpuTotal.push(c4 - c0);
}

console.log(`${RUNS} runs after 2 warm-up runs (Node ${process.version}):`);
for (const [name, ms] of Object.entries(stages)) {
	const s = stats(ms);
	console.log(`  ${name.padEnd(8)} median ${fmt(s.median).padStart(9)}   p95 ${fmt(s.p95).padStart(9)}   min ${fmt(s.min).padStart(9)}   max ${fmt(s.max).padStart(9)}`);
}
const cpu = stats(cpuTotal);
console.log(`  ${'cpu'.padEnd(8)} median ${fmt(cpu.median).padStart(9)}   p95 ${fmt(cpu.p95).padStart(9)}   (CPU time of the whole run; the load average was ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
const total = stats(stages.total);
console.log(total.p95 < 1000 ? `OK: p95 ${fmt(total.p95)} is under 1 second` : `TOO SLOW: p95 ${fmt(total.p95)} is over 1 second`);
if (total.p95 >= 1000) process.exitCode = 1;
