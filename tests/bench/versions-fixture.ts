// The two versions of a generated 100-page paper (about 300,000 characters of text: headings,
// numbered and bulleted lists, a table; about 4 % of the blocks edited) that the comparison
// benchmarks use: tests/bench/compare.ts (the server's work, in-process) and
// tests/bench/compare-page.ts (the compare page in Chromium). A fixed seed: every call returns the
// same two texts.
import type { DocJSON } from '../../server/versions/compare.ts';

function rng(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
// Reset by comparedVersions(), so that the texts do not depend on what was generated before.
let random = rng(42);
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

/** Characters of text in a document. */
export function plainLength(node: DocJSON): number {
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

/** The older version (about `chars` characters) and the newer one (about 4 % of its blocks edited). */
export function comparedVersions(chars = 300_000): { older: DocJSON; newer: DocJSON } {
	random = rng(42);
	const older = makePaper(chars);
	const newer = edit(older, 0.04);
	return { older, newer };
}
