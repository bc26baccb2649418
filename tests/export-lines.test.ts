// The line breaking rules of server/export/lines.ts, one by one.
import { describe, expect, it } from 'vitest';
import { charCount, lineTexts, numberLines, type DocNode } from '../server/export/lines.ts';
import { paperNodeFromJSON } from '../server/papers/document-content.ts';

const text = (t: string, marks?: DocNode['marks']): DocNode => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });
const p = (...content: DocNode[]): DocNode => ({ type: 'paragraph', content });
const h = (level: number, t: string): DocNode => ({ type: 'heading', attrs: { level }, content: [text(t)] });
const li = (...content: DocNode[]): DocNode => ({ type: 'listItem', content });
const doc = (...content: DocNode[]): DocNode => ({ type: 'doc', content });
const texts = (d: DocNode, lineLength?: number) => lineTexts(numberLines(d, { lineLength }));

describe('numberLines', () => {
	it('wraps at spaces within the line length and numbers on through blocks', () => {
		const words = 'eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn';
		const lines = texts(doc(h(1, 'Titel'), p(text(words))), 30);
		expect(lines).toEqual([
			{ number: 1, text: 'Titel' },
			{ number: 2, text: 'eins zwei drei vier fünf sechs' },
			{ number: 3, text: 'sieben acht neun zehn elf' },
			{ number: 4, text: 'zwölf dreizehn vierzehn' }
		]);
		for (const l of lines) expect(charCount(l.text)).toBeLessThanOrEqual(30);
	});

	it('cuts a word longer than the line every lineLength characters, on a line of its own', () => {
		const long = 'Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellungsbetriebsgenehmigungsverfahren';
		const lines = texts(doc(p(text(`Das ${long} ist lang.`))), 30);
		expect(lines.map((l) => l.text)).toEqual(['Das', long.slice(0, 30), long.slice(30, 60), long.slice(60, 90), `${long.slice(90)} ist lang.`]);
	});

	it('breaks after a hyphen between letters and keeps the hyphen', () => {
		const lines = texts(doc(p(text('aaaa bbbbbbbbbbbbbbbbbbbb Arbeitsmarkt-integration'))), 39);
		expect(lines.map((l) => l.text)).toEqual(['aaaa bbbbbbbbbbbbbbbbbbbb Arbeitsmarkt-', 'integration']);
	});

	it('counts a letter with combining marks once, composed or not', () => {
		expect(charCount('ệ')).toBe(1);
		expect(charCount('e\u0323\u0302')).toBe(1);
		const decomposed = 'Vie\u0323\u0302t '.repeat(10).trim();
		const lines = texts(doc(p(text(decomposed))), 30);
		// "Việt" is 4 characters: five words and four spaces fit in 24, a sixth would make 29, a seventh 34.
		expect(lines.map((l) => l.text.split(' ').length)).toEqual([6, 4]);
	});

	it('starts a new line at a hard break and drops a trailing one', () => {
		const lines = texts(doc(p(text('erste'), { type: 'hardBreak' }, text('zweite'), { type: 'hardBreak' })));
		expect(lines).toEqual([
			{ number: 1, text: 'erste' },
			{ number: 2, text: 'zweite' }
		]);
	});

	it('gives empty paragraphs and rules no number', () => {
		const lines = texts(doc(p(text('a')), p(), p(text('   ')), { type: 'horizontalRule' }, p(text('b'))));
		expect(lines).toEqual([
			{ number: 1, text: 'a' },
			{ number: 2, text: 'b' }
		]);
	});

	it('counts list markers and indents toward the line and aligns continuation lines', () => {
		const d = doc(
			{
				type: 'orderedList',
				attrs: { start: 9 },
				content: [
					li(p(text('neun neun neun neun neun neun'))),
					li(p(text('zehn')), { type: 'bulletList', content: [li(p(text('innen innen innen innen innen')))] })
				]
			}
		);
		const result = numberLines(d, { lineLength: 30 });
		const blocks = result.blocks.filter((b) => b.kind === 'text');
		// "10." is the widest marker: text starts at column 4 for both items.
		expect(blocks.map((b) => [b.indent, b.marker])).toEqual([
			[4, '9.'],
			[4, '10.'],
			[6, '•']
		]);
		expect(lineTexts(result)).toEqual([
			{ number: 1, text: '9. neun neun neun neun neun' },
			{ number: 2, text: 'neun' },
			{ number: 3, text: '10. zehn' },
			{ number: 4, text: '• innen innen innen innen' },
			{ number: 5, text: 'innen' }
		]);
	});

	it('lays out table cells side by side: a row takes the lines of its tallest cell', () => {
		const cell = (type: string, t: string): DocNode => ({ type, content: [p(text(t))] });
		const table: DocNode = {
			type: 'table',
			content: [
				{ type: 'tableRow', content: [cell('tableHeader', 'Forderung'), cell('tableHeader', 'Frist')] },
				{ type: 'tableRow', content: [cell('tableCell', 'Sprachkurse für alle Neuzugewanderten'), cell('tableCell', '2027')] }
			]
		};
		const result = numberLines(doc(p(text('Vorher.')), table, p(text('Nachher.'))), { lineLength: 40 });
		const t = result.blocks.find((b) => b.kind === 'table')!;
		expect(t.kind === 'table' && t.columnWidth).toBe(18); // (40 - 3) / 2
		expect(lineTexts(result)).toEqual([
			{ number: 1, text: 'Vorher.' },
			{ number: 2, text: 'Forderung │ Frist' },
			{ number: 3, text: 'Sprachkurse für │ 2027' },
			{ number: 4, text: 'alle │' },
			{ number: 5, text: 'Neuzugewanderten │' },
			{ number: 6, text: 'Nachher.' }
		]);
	});

	it('keeps marks as runs', () => {
		const result = numberLines(doc(p(text('fett', [{ type: 'bold' }]), text(' und '), text('Link', [{ type: 'link', attrs: { href: 'https://x.example' } }]))));
		const block = result.blocks[0];
		expect(block.kind === 'text' && block.lines[0].runs).toEqual([
			{ text: 'fett', bold: true },
			{ text: ' und ' },
			{ text: 'Link', href: 'https://x.example' }
		]);
	});

	it('indents block quotes and clamps the line length', () => {
		const result = numberLines(doc({ type: 'blockquote', content: [p(text('zitiert'))] }), { lineLength: 5 });
		expect(result.lineLength).toBe(30);
		const block = result.blocks[0];
		expect(block.kind === 'text' && [block.indent, block.quote]).toEqual([2, 1]);
	});

	it('accepts what the schema accepts', () => {
		const d = doc(h(2, 'Ü'), p(text('x')));
		expect(() => paperNodeFromJSON(d as never)).not.toThrow();
		expect(numberLines(null).lineCount).toBe(0);
	});
});

describe('ranges', () => {
	it('gives the lines of each top-level block, for comparisons and quotes', () => {
		const long = 'wort '.repeat(30).trim();
		const result = numberLines(doc(h(1, 'Titel'), p(text(long)), { type: 'horizontalRule' }, p(text('Ende'))), { lineLength: 40 });
		expect(result.ranges).toEqual([{ first: 1, last: 1 }, { first: 2, last: 5 }, null, { first: 6, last: 6 }]);
	});
});

describe('comparisonLines', () => {
	it('gives each compared block its lines in the older and the newer version', async () => {
		const { compareDocuments } = await import('../server/versions/compare.ts');
		const { comparisonLines, rangeLabel } = await import('../server/export/compare-lines.ts');
		const older = doc(h(1, 'Titel'), p(text('bleibt gleich')), p(text('wird gelöscht')), p(text('alt alt alt')));
		const newer = doc(h(1, 'Titel'), p(text('bleibt gleich')), p(text('ganz neu eingefügt und lang genug für zwei Zeilen hier')), p(text('alt alt neu')));
		const cmp = compareDocuments(older as never, newer as never);
		const lines = comparisonLines(cmp.blocks, older, newer, 30);
		expect(cmp.blocks.map((b) => b.status)).toEqual(['equal', 'equal', 'deleted', 'inserted', 'changed']);
		expect(lines.map((l) => [rangeLabel(l.old), rangeLabel(l.new)])).toEqual([
			['1', '1'],
			['2', '2'],
			['3', undefined],
			[undefined, '3–4'],
			['4', '5']
		]);
	});
});
