// Benchmark: comparing two versions of a 100-page paper (about 300,000 characters, with
// headings, lists and a table, a few percent changed), as the compare page does it: derive the
// current text from the Yjs state, compare, number the lines, render the HTML (inline and side by side).
// Run: npx tsx tests/bench/compare.ts [runs]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { compareDocuments, type DocJSON } from '../../server/versions/compare.ts';
import { renderComparison, renderSideBySide, type DiffLabels, type LineRefs } from '../../server/versions/render.ts';
import { comparisonLines, rangeLabel } from '../../server/export/compare-lines.ts';
import { DEFAULT_LINE_LENGTH } from '../../server/export/lines.ts';
import { paperNodeOfDoc, paperStateFromJSON } from '../../server/papers/document-content.ts';

const RUNS = Number(process.argv[2]) || 15;

// A fixed seed: every run of the benchmark compares the same two texts.
function rng(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const random = rng(42);
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];

const WORDS =
	'Teilhabe Bildung Gleichstellung Migrantinnen Organisationen Bundesregierung fordern Rechte Chancen Sprache Schule Arbeit Gesundheit Antirassismus Empowerment Flucht Integration Gesellschaft Demokratie Vielfalt Förderung Beratung Strukturen Zugang gleichberechtigt nachhaltig kommunal Länder Bund Ausschuss Mitglieder Verband Stellungnahme Empfehlung Maßnahmen Beteiligung Repräsentanz Diskriminierung Schutz Familien Kinder Jugendliche Eltern Ausbildung Anerkennung Abschlüsse Quote Finanzierung Projekte und die der für mit von zu in auf eine ein nicht mehr sowie durch'.split(
		' '
	);

function sentence(): string {
	const n = 8 + Math.floor(random() * 14);
	const words = Array.from({ length: n }, () => pick(WORDS));
	words[0] = words[0][0].toUpperCase() + words[0].slice(1);
	return words.join(' ') + '.';
}

function paragraphText(): string {
	return Array.from({ length: 3 + Math.floor(random() * 3) }, sentence).join(' ');
}

const text = (t: string, marks?: string[]): DocJSON => (marks?.length ? { type: 'text', text: t, marks: marks.map((type) => ({ type })) } : { type: 'text', text: t });

function paragraph(): DocJSON {
	const t = paragraphText();
	// Some bold and italic words, so that marks are part of the work.
	const cut = t.indexOf(' ', 40);
	if (cut > 0 && random() < 0.3) return { type: 'paragraph', content: [text(t.slice(0, cut), ['bold']), text(t.slice(cut))] };
	return { type: 'paragraph', content: [text(t)] };
}

function list(ordered: boolean): DocJSON {
	return {
		type: ordered ? 'orderedList' : 'bulletList',
		attrs: ordered ? { start: 1, type: null } : {},
		content: Array.from({ length: 4 + Math.floor(random() * 4) }, () => ({ type: 'listItem', content: [{ type: 'paragraph', content: [text(sentence())] }] }))
	};
}

function table(rows: number, cols: number): DocJSON {
	const cell = (header: boolean): DocJSON => ({
		type: header ? 'tableHeader' : 'tableCell',
		attrs: { colspan: 1, rowspan: 1, colwidth: null },
		content: [{ type: 'paragraph', content: [text(`${pick(WORDS)} ${Math.floor(random() * 100)} %`)] }]
	});
	return { type: 'table', content: Array.from({ length: rows }, (_, r) => ({ type: 'tableRow', content: Array.from({ length: cols }, () => cell(r === 0)) })) };
}

function makePaper(targetChars: number): DocJSON {
	const content: DocJSON[] = [];
	let chars = 0;
	let section = 0;
	while (chars < targetChars) {
		section++;
		content.push({ type: 'heading', attrs: { level: 1 }, content: [text(`${section}. ${sentence()}`)] });
		for (let sub = 1; sub <= 3 && chars < targetChars; sub++) {
			content.push({ type: 'heading', attrs: { level: 2 }, content: [text(`${section}.${sub} ${pick(WORDS)} ${pick(WORDS)}`)] });
			for (let k = 0; k < 4; k++) content.push(paragraph());
			if (random() < 0.5) content.push(list(random() < 0.5));
			chars = plainLength({ type: 'doc', content });
		}
		if (section === 4) content.push(table(12, 4));
	}
	return { type: 'doc', content };
}

function plainLength(node: DocJSON): number {
	return (node.text?.length ?? 0) + (node.content ?? []).reduce((n, c) => n + plainLength(c), 0);
}

/** A copy with about `share` of its blocks edited: words replaced, inserted, removed, a heading made bold, paragraphs added and removed. */
function edit(doc: DocJSON, share: number): DocJSON {
	const copy = structuredClone(doc);
	const blocks = copy.content!;
	const touch = (node: DocJSON) => {
		const t = node.content?.[node.content.length - 1];
		if (!t?.text) return;
		const words = t.text.split(' ');
		const at = Math.floor(random() * words.length);
		const what = random();
		if (what < 0.4) words[at] = pick(WORDS);
		else if (what < 0.7) words.splice(at, 0, pick(WORDS), pick(WORDS));
		else words.splice(at, 2);
		t.text = words.join(' ');
	};
	for (let k = blocks.length - 1; k >= 0; k--) {
		if (random() >= share) continue;
		const block = blocks[k];
		const what = random();
		if (block.type === 'paragraph' && what < 0.7) touch(block);
		else if (block.type === 'paragraph' && what < 0.85) blocks.splice(k + 1, 0, paragraph());
		else if (block.type === 'paragraph') blocks.splice(k, 1);
		else if (block.type === 'heading') block.content = block.content!.map((c) => ({ ...c, marks: [{ type: 'bold' }] }));
		else if (block.type === 'bulletList' || block.type === 'orderedList') touch(block.content![0].content![0]);
		else if (block.type === 'table') touch(block.content![3].content![2].content![0]);
	}
	return copy;
}

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

const older = makePaper(300_000);
const newer = edit(older, 0.04);
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
