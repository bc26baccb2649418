// The PDF, DOCX and Markdown of one paper, checked as a reader would: the PDF's text as pdftotext
// extracts it, the DOCX unpacked, the Markdown parsed back.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { lineTexts, numberLines, type DocNode } from '../server/export/lines.ts';
import { renderPdf } from '../server/export/pdf.ts';
import { renderDocx } from '../server/export/docx.ts';
import { contentToMarkdown, renderMarkdown } from '../server/export/markdown.ts';
import { paperNodeFromJSON } from '../server/papers/document-content.ts';
import { LONG_WORD, SCRIPTS, sampleContent, sampleExport } from './helpers/export-sample.ts';
import { readZip } from './helpers/zip.ts';
import { numberedLinesOfPdfText, pdfText, words } from './helpers/pdf-lines.ts';

describe('PDF', () => {
	it('holds the title, and the numbered lines of the shared function, in order, with every script intact', async () => {
		const doc = sampleExport();
		const text = pdfText(await renderPdf(doc));
		expect(text).toContain('Positionspapier zur Teilhabe');
		expect(text).toContain('Bundeskonferenz der Migrantenorganisationen');
		expect(text).toContain('Seite 1 von');
		for (const letters of ['ä', 'ö', 'ü', 'ß', 'ş', 'ł', 'γ', 'ж', 'ệ']) expect(text).toContain(letters);
		expect(text).toContain(SCRIPTS.slice(0, 40));

		const expected = lineTexts(numberLines(sampleContent, { lineLength: 80 })).map((l) => ({ number: l.number, text: words(l.text) }));
		expect(expected.length).toBeGreaterThan(15);
		expect(numberedLinesOfPdfText(text)).toEqual(expected);
		// The long word is cut by the function, not by the PDF.
		expect(text).toContain(LONG_WORD.slice(0, 80));
	});

	it('keeps the numbers with a shorter line length and over page breaks, with result and endorsements', async () => {
		const long: DocNode = { type: 'doc', content: Array.from({ length: 6 }, () => sampleContent.content!).flat() };
		const doc = sampleExport({
			content: long,
			lineLength: 50,
			outcome: { heading: 'Beschlossen', lines: ['31 dafür, 2 dagegen, 4 Enthaltungen'], endorsementsHeading: 'Unterstützende Organisationen', endorsements: ['Türkische Gemeinde in Deutschland', 'Ελληνική Κοινότητα'] }
		});
		const text = pdfText(await renderPdf(doc));
		const expected = lineTexts(numberLines(long, { lineLength: 50 })).map((l) => ({ number: l.number, text: words(l.text) }));
		expect(numberedLinesOfPdfText(text)).toEqual(expected);
		expect(text).toContain('Seite 3 von');
		expect(text).toContain('31 dafür, 2 dagegen, 4 Enthaltungen');
		expect(text).toContain('Unterstützende Organisationen (2)');
		expect(text).toContain('Ελληνική Κοινότητα');
	});
});

describe('DOCX', () => {
	it('is a valid package whose document holds headings as heading styles, lists as numbering, a table and a link', async () => {
		const zip = readZip(await renderDocx(sampleExport()));
		expect(zip.has('[Content_Types].xml')).toBe(true);
		expect(zip.get('[Content_Types].xml')!.toString()).toContain('wordprocessingml.document.main+xml');
		const xml = zip.get('word/document.xml')!.toString('utf8');
		const paragraphs = [...xml.matchAll(/<w:p>(.*?)<\/w:p>|<w:p [^>]*>(.*?)<\/w:p>/g)].map((m) => m[1] ?? m[2]);
		const textOf = (p: string) => [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
		const styled = (style: string) => paragraphs.filter((p) => p.includes(`<w:pStyle w:val="${style}"/>`)).map(textOf);
		expect(styled('Title')).toEqual(['Positionspapier zur Teilhabe']);
		expect(styled('Heading1')).toEqual(['Präambel']);
		expect(styled('Heading2')).toEqual(['Forderungen']);
		expect(styled('Heading3')).toEqual(['Zeitplan']);
		const items = paragraphs.filter((p) => p.includes('<w:numPr>')).map(textOf);
		expect(items).toEqual([
			'Sprachkurse für alle Neuzugewanderten ab dem ersten Tag, unabhängig vom Aufenthaltsstatus und der Bleibeperspektive.',
			'Anerkennung ausländischer Berufsabschlüsse beschleunigen.',
			'binnen drei Monaten',
			'mit einer zentralen Anlaufstelle je Bundesland, die berät und begleitet',
			'Einbürgerung erleichtern.'
		]);
		// The nested bullets sit one level deeper than the numbered items.
		expect(paragraphs.filter((p) => p.includes('<w:ilvl w:val="1"/>')).map(textOf)).toEqual(['binnen drei Monaten', 'mit einer zentralen Anlaufstelle je Bundesland, die berät und begleitet']);
		expect(xml).toContain('<w:tbl>');
		expect(xml).toContain('Bund und Länder gemeinsam');
		expect(xml).toMatch(/<w:b\/>.*Fett gedruckt/);
		expect(xml).toMatch(/<w:strike\/>.*gestrichen/);
		expect(xml).toContain('<w:hyperlink');
		expect(zip.get('word/_rels/document.xml.rels')!.toString()).toContain('https://bkmo.example/positionen');
		expect(xml).toContain(SCRIPTS);
		expect(zip.get('word/numbering.xml')!.toString()).toContain('w:val="decimal"');
	});
});

/** Markdown back into the paper's JSON, through markdown-it's tokens. */
function markdownToDoc(markdown: string): DocNode {
	const tokens = new MarkdownIt().parse(markdown, {});
	const root: DocNode = { type: 'doc', content: [] };
	const stack: DocNode[] = [root];
	const push = (node: DocNode) => {
		const parent = stack[stack.length - 1];
		(parent.content ??= []).push(node);
		return node;
	};
	const blockTypes: Record<string, string> = {
		bullet_list_open: 'bulletList',
		ordered_list_open: 'orderedList',
		list_item_open: 'listItem',
		blockquote_open: 'blockquote',
		paragraph_open: 'paragraph',
		heading_open: 'heading',
		table_open: 'table',
		tr_open: 'tableRow',
		th_open: 'tableHeader',
		td_open: 'tableCell'
	};
	for (const token of tokens) {
		if (blockTypes[token.type]) {
			const node: DocNode = { type: blockTypes[token.type] };
			if (token.type === 'heading_open') node.attrs = { level: Number(token.tag.slice(1)) };
			if (token.type === 'ordered_list_open') node.attrs = { start: Number(token.attrGet('start') ?? 1) };
			stack.push(push(node));
			// Cells hold inline content directly in Markdown; in the paper, a paragraph.
			if (token.type === 'th_open' || token.type === 'td_open') stack.push(push({ type: 'paragraph' }));
		} else if (/_close$/.test(token.type) && blockTypes[token.type.replace('_close', '_open')]) {
			if (token.type === 'th_close' || token.type === 'td_close') stack.pop();
			stack.pop();
		} else if (token.type === 'hr') push({ type: 'horizontalRule' });
		else if (token.type === 'inline') {
			const marks: { type: string; attrs?: Record<string, unknown> }[] = [];
			for (const child of token.children ?? []) {
				const markOf: Record<string, string> = { strong: 'bold', em: 'italic', s: 'strike', link: 'link' };
				const m = /^(strong|em|s|link)_(open|close)$/.exec(child.type);
				if (m) {
					if (m[2] === 'open') marks.push(m[1] === 'link' ? { type: 'link', attrs: { href: child.attrGet('href') } } : { type: markOf[m[1]] });
					else marks.splice(marks.map((x) => x.type).lastIndexOf(markOf[m[1]]), 1);
				} else if (child.type === 'hardbreak') push({ type: 'hardBreak' });
				else if (child.type === 'text' && child.content) push({ type: 'text', text: child.content, ...(marks.length ? { marks: marks.map((x) => ({ ...x })) } : {}) });
			}
		}
	}
	return root;
}

/**
 * One form for comparing: adjacent text with the same marks merged, marks sorted, default attrs
 * dropped, and underline gone (Markdown has none; the export keeps the text unmarked).
 */
function canonical(node: DocNode): DocNode {
	const out: DocNode = { type: node.type };
	if (node.type === 'heading') out.attrs = { level: node.attrs?.level };
	if (node.type === 'orderedList') out.attrs = { start: node.attrs?.start ?? 1 };
	if (node.text !== undefined) out.text = node.text;
	const marks = node.marks?.filter((m) => m.type !== 'underline');
	if (marks?.length) out.marks = [...marks].map((m) => (m.type === 'link' ? { type: 'link', attrs: { href: m.attrs?.href } } : { type: m.type })).sort((a, b) => a.type.localeCompare(b.type));
	if (node.content) {
		const content: DocNode[] = [];
		for (const child of node.content.map(canonical)) {
			const last = content[content.length - 1];
			if (last?.type === 'text' && child.type === 'text' && JSON.stringify(last.marks) === JSON.stringify(child.marks)) last.text += child.text!;
			else content.push(child);
		}
		out.content = content;
	}
	return out;
}

describe('Markdown', () => {
	it('round-trips headings, lists, emphasis, links, quotes and tables', () => {
		const markdown = contentToMarkdown(sampleContent);
		expect(markdown).toContain('# Präambel');
		expect(markdown).toContain('**Fett gedruckt**');
		expect(markdown).toContain('*kursiv*');
		expect(markdown).toContain('1. Sprachkurse');
		expect(markdown).toContain('   - binnen drei Monaten');
		expect(markdown).toContain('| Maßnahme | Frist | Zuständig |');
		const back = markdownToDoc(markdown);
		expect(() => paperNodeFromJSON(back as never)).not.toThrow();
		expect(canonical(back)).toEqual(canonical(sampleContent));
	});

	it('escapes what would read as syntax and keeps marks tight around their words', () => {
		const tricky: DocNode = {
			type: 'doc',
			content: [
				{ type: 'paragraph', content: [{ type: 'text', text: '1. kein Listenpunkt, *keine* Betonung, [kein](Link) # und | Pipe' }] },
				{ type: 'paragraph', content: [{ type: 'text', text: '# keine Überschrift' }] },
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'vor ' },
						{ type: 'text', text: 'fett ', marks: [{ type: 'bold' }] },
						{ type: 'text', text: 'fett und kursiv', marks: [{ type: 'bold' }, { type: 'italic' }] },
						{ type: 'text', text: ' nach' }
					]
				},
				{ type: 'paragraph', content: [{ type: 'text', text: 'Zeile' }, { type: 'hardBreak' }, { type: 'text', text: 'neue Zeile' }] }
			]
		};
		const markdown = contentToMarkdown(tricky);
		expect(canonical(markdownToDoc(markdown))).toEqual(canonical(tricky));
	});

	it('has a title block and, for adopted papers, the endorsing organisations', () => {
		const markdown = renderMarkdown(sampleExport({ outcome: { heading: 'Beschlossen', lines: ['31 dafür'], endorsementsHeading: 'Unterstützende Organisationen', endorsements: ['Polnischer Sozialrat'] } }));
		expect(markdown.startsWith('# Positionspapier zur Teilhabe\n')).toBe(true);
		expect(markdown).toContain('**Ausschuss:** Bildung und Teilhabe');
		// The paper's own headings sit below the title.
		expect(markdown).toContain('\n## Präambel\n');
		expect(markdown).toContain('## Unterstützende Organisationen\n\n- Polnischer Sozialrat');
	});
});
