// The comparison of known texts: exactly the expected insertions, deletions and formatting changes.
import { describe, expect, it } from 'vitest';
import { compareDocuments, compareInline, type DiffBlock, type DocJSON, type Segment } from '../server/versions/compare.ts';
import { renderComparison, renderDocument, renderSideBySide, type DiffLabels } from '../server/versions/render.ts';

const text = (t: string, marks?: string[]): DocJSON => (marks ? { type: 'text', text: t, marks: marks.map((type) => ({ type })) } : { type: 'text', text: t });
const p = (...content: (string | DocJSON)[]): DocJSON => ({ type: 'paragraph', content: content.map((c) => (typeof c === 'string' ? text(c) : c)) });
const h = (level: number, t: string): DocJSON => ({ type: 'heading', attrs: { level }, content: [text(t)] });
const li = (t: string): DocJSON => ({ type: 'listItem', content: [p(t)] });
const ul = (...items: string[]): DocJSON => ({ type: 'bulletList', content: items.map(li) });
const cell = (t: string): DocJSON => ({ type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [p(t)] });
const row = (...cells: string[]): DocJSON => ({ type: 'tableRow', content: cells.map(cell) });
const table = (...rows: string[][]): DocJSON => ({ type: 'table', content: rows.map((r) => row(...r)) });
const doc = (...content: DocJSON[]): DocJSON => ({ type: 'doc', content });

/** The changes only, as [kind, text]: what a reader sees marked. */
const changes = (segments: Segment[]) => segments.filter((s) => s.s !== 'eq').map((s) => [s.s, s.text]);

const labels: DiffLabels = {
	insertedStart: 'Einfügung:',
	insertedEnd: 'Ende der Einfügung',
	deletedStart: 'Löschung:',
	deletedEnd: 'Ende der Löschung',
	formatChanged: 'Formatierung geändert',
	blockChanged: 'Absatzformat geändert'
};

describe('words inside a paragraph', () => {
	it('marks one replaced word as deleted and inserted', () => {
		const segs = compareInline([text('Wir fordern gleiche Rechte für alle.')], [text('Wir fordern echte Rechte für alle.')]);
		expect(changes(segs)).toEqual([
			['del', 'gleiche'],
			['ins', 'echte']
		]);
		expect(segs.map((s) => s.text).join('')).toBe('Wir fordern gleicheechte Rechte für alle.');
	});

	it('marks an insertion and a deletion at different places', () => {
		const segs = compareInline([text('Bildung ist ein Recht und keine Gnade.')], [text('Gute Bildung ist ein Recht und Gnade.')]);
		expect(changes(segs)).toEqual([
			['ins', 'Gute '],
			['del', 'keine ']
		]);
	});

	it('takes the spaces between changed words into one change', () => {
		const segs = compareInline([text('Die Kommission tagt am Dienstag in Berlin.')], [text('Der Ausschuss trifft sich am Dienstag in Berlin.')]);
		expect(changes(segs)).toEqual([
			['del', 'Die Kommission tagt'],
			['ins', 'Der Ausschuss trifft sich']
		]);
	});

	it('shows a word made bold as a formatting change, not a rewrite', () => {
		const segs = compareInline([text('Teilhabe jetzt')], [text('Teilhabe', ['bold']), text(' jetzt')]);
		expect(changes(segs)).toEqual([['fmt', 'Teilhabe']]);
		expect(segs[0]).toMatchObject({ s: 'fmt', marks: [{ type: 'bold' }], oldMarks: [] });
	});

	it('sees a changed link address as a formatting change', () => {
		const link = (href: string) => ({ type: 'text', text: 'BKMO', marks: [{ type: 'link', attrs: { href } }] });
		const segs = compareInline([link('https://a.example')], [link('https://b.example')]);
		expect(changes(segs)).toEqual([['fmt', 'BKMO']]);
	});

	it('reports nothing for equal text', () => {
		expect(changes(compareInline([text('Gleich bleibt gleich.')], [text('Gleich bleibt gleich.')]))).toEqual([]);
	});

	it('handles punctuation and line breaks as their own pieces', () => {
		const segs = compareInline([text('Ja, sicher.')], [text('Ja! Sicher'), { type: 'hardBreak' }, text('.')]);
		expect(changes(segs)).toEqual([
			['del', ', sicher'],
			['ins', '! Sicher'],
			['ins', '\n']
		]);
	});
});

describe('blocks', () => {
	it('keeps unchanged blocks equal and pairs an edited paragraph', () => {
		const a = doc(h(1, 'Forderungen'), p('Erstens gleiche Rechte.'), p('Zweitens bessere Schulen.'));
		const b = doc(h(1, 'Forderungen'), p('Erstens gleiche Rechte für alle.'), p('Zweitens bessere Schulen.'));
		const cmp = compareDocuments(a, b);
		expect(cmp.blocks.map((x) => x.status)).toEqual(['equal', 'changed', 'equal']);
		expect(changes(cmp.blocks[1].inline!)).toEqual([['ins', ' für alle']]);
		expect(cmp.summary).toEqual({ wordsAdded: 2, wordsRemoved: 0, formatChanges: 0, blocksChanged: 1 });
	});

	it('shows a new paragraph as inserted and a removed one as deleted', () => {
		const a = doc(p('Eins.'), p('Zwei zwei.'), p('Drei.'));
		const b = doc(p('Eins.'), p('Drei.'), p('Vier vier vier.'));
		const cmp = compareDocuments(a, b);
		expect(cmp.blocks.map((x) => [x.status, x.node.content?.[0].text])).toEqual([
			['equal', 'Eins.'],
			['deleted', 'Zwei zwei.'],
			['equal', 'Drei.'],
			['inserted', 'Vier vier vier.']
		]);
		expect(cmp.summary.wordsAdded).toBe(3);
		expect(cmp.summary.wordsRemoved).toBe(2);
	});

	it('keeps a list a list and marks only the changed item', () => {
		const a = doc(ul('Kitas ausbauen', 'Sprachförderung stärken', 'Lehrkräfte gewinnen'));
		const b = doc(ul('Kitas ausbauen', 'Sprachförderung deutlich stärken', 'Lehrkräfte gewinnen', 'Elternarbeit fördern'));
		const cmp = compareDocuments(a, b);
		expect(cmp.blocks).toHaveLength(1);
		const list = cmp.blocks[0];
		expect(list.status).toBe('changed');
		expect(list.children!.map((c) => c.status)).toEqual(['equal', 'changed', 'equal', 'inserted']);
		const item = list.children![1].children![0];
		expect(changes(item.inline!)).toEqual([['ins', 'deutlich ']]);
		expect(cmp.summary).toMatchObject({ wordsAdded: 3, wordsRemoved: 0 });
	});

	it('keeps a table a table, cell by cell', () => {
		const a = doc(table(['Land', 'Quote'], ['Berlin', '30 %'], ['Hessen', '25 %']));
		const b = doc(table(['Land', 'Quote'], ['Berlin', '35 %'], ['Hessen', '25 %']));
		const cmp = compareDocuments(a, b);
		const t = cmp.blocks[0];
		expect(t.status).toBe('changed');
		expect(t.children!.map((r) => r.status)).toEqual(['equal', 'changed', 'equal']);
		const cells = t.children![1].children!;
		expect(cells.map((c) => c.status)).toEqual(['equal', 'changed']);
		expect(changes(cells[1].children![0].inline!)).toEqual([
			['del', '30'],
			['ins', '35']
		]);
		const html = renderComparison(cmp, labels);
		expect(html).toContain('<table><tbody><tr><td dir="auto"><p dir="auto">Land</p></td>');
		expect(html).toContain('<del><span class="visually-hidden">Löschung: </span>30<span class="visually-hidden"> Ende der Löschung</span></del>');
	});

	it('sees a heading level change and a paragraph turned heading as formatting', () => {
		const a = doc(h(2, 'Ziele'), p('Unsere Ziele für 2026'));
		const b = doc(h(3, 'Ziele'), h(2, 'Unsere Ziele für 2026'));
		const cmp = compareDocuments(a, b);
		expect(cmp.blocks.map((x) => x.status)).toEqual(['changed', 'changed']);
		expect(cmp.blocks[0].oldAttrs).toEqual({ level: 2 });
		expect(cmp.blocks[1].oldType).toBe('paragraph');
		expect(cmp.summary).toMatchObject({ wordsAdded: 0, wordsRemoved: 0, formatChanges: 2 });
	});

	it('does not pair unrelated paragraphs', () => {
		const cmp = compareDocuments(doc(p('Alles über Wohnungspolitik'), p('und Mieten')), doc(p('Nichts davon bleibt stehen')));
		expect(cmp.blocks.map((x: DiffBlock) => x.status)).toEqual(['deleted', 'deleted', 'inserted']);
	});

	it('takes one paragraph replaced by one other as an edit of it', () => {
		const cmp = compareDocuments(doc(p('Alles über Wohnungspolitik')), doc(p('Nichts davon bleibt stehen')));
		expect(cmp.blocks.map((x: DiffBlock) => x.status)).toEqual(['changed']);
		expect(changes(cmp.blocks[0].inline!)).toEqual([
			['del', 'Alles über Wohnungspolitik'],
			['ins', 'Nichts davon bleibt stehen']
		]);
	});

	it('compares empty documents', () => {
		expect(compareDocuments(doc(), doc()).blocks).toEqual([]);
		expect(compareDocuments({ type: 'doc' }, doc(p('Neu'))).summary.wordsAdded).toBe(1);
	});
});

describe('HTML', () => {
	it('marks insertions and deletions with words for screen readers, not colour alone', () => {
		const cmp = compareDocuments(doc(p('Alte Fassung')), doc(p('Neue Fassung')));
		const html = renderComparison(cmp, labels);
		expect(html).toBe(
			'<p dir="auto"><del><span class="visually-hidden">Löschung: </span>Alte<span class="visually-hidden"> Ende der Löschung</span></del>' +
				'<ins><span class="visually-hidden">Einfügung: </span>Neue<span class="visually-hidden"> Ende der Einfügung</span></ins> Fassung</p>'
		);
	});

	it('puts each side in its own column', () => {
		const cmp = compareDocuments(doc(p('Gleich'), p('Alte Fassung')), doc(p('Gleich'), p('Neue Fassung')));
		const html = renderSideBySide(cmp, labels);
		expect(html).toContain('<div class="diff-row"><div class="diff-old"><p dir="auto">Gleich</p></div><div class="diff-new"><p dir="auto">Gleich</p></div></div>');
		const changed = html.slice(html.indexOf('diff-row-changed'));
		const [left, right] = changed.split('<div class="diff-new">');
		expect(left).toContain('Alte');
		expect(left).not.toContain('Neue');
		expect(right).toContain('Neue');
		expect(right).not.toContain('Alte');
	});

	it('escapes text and keeps only safe links', () => {
		const evil = doc(
			p('<script>alert(1)</script> & "x"'),
			p({ type: 'text', text: 'klick', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }),
			p({ type: 'text', text: 'web', marks: [{ type: 'link', attrs: { href: 'https://bkmo.example/?a=1&b="2"' } }] })
		);
		const html = renderDocument(evil);
		expect(html).not.toContain('<script>');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
		expect(html).not.toContain('javascript:');
		expect(html).toContain('<a href="https://bkmo.example/?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer nofollow" target="_blank">web</a>');
	});

	it('renders headings one level below the page title and keeps ordered list numbers', () => {
		const html = renderDocument(doc(h(1, 'Titel'), { type: 'orderedList', attrs: { start: 3 }, content: [li('drei')] }));
		expect(html).toBe('<h2 dir="auto">Titel</h2><ol start="3"><li dir="auto"><p dir="auto">drei</p></li></ol>');
	});
});

describe('key order', () => {
	it('sees no change between a document and the same one with its keys reordered (as jsonb stores it)', async () => {
		const { compareDocuments } = await import('../server/versions/compare.ts');
		const a = { type: 'doc', content: [{ type: 'heading', attrs: { level: 2, textAlign: null }, content: [{ type: 'text', text: 'Forderungen', marks: [{ type: 'link', attrs: { href: 'https://example.org', target: null } }] }] }] };
		const b = JSON.parse(JSON.stringify(a), (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v));
		const result = compareDocuments(a as never, b as never);
		expect(result.summary.wordsAdded + result.summary.wordsRemoved).toBe(0);
		expect(result.summary.blocksChanged).toBe(0);
	});
});
