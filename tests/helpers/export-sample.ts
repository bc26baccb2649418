// A paper that exercises every rule of the line breaking and every export: the communities'
// scripts, long words, nested lists, a quote, a table, marks and links.
import type { DocNode } from '../../server/export/lines.ts';
import type { ExportDocument } from '../../server/export/model.ts';

const t = (text: string, ...marks: string[]): DocNode => ({ type: 'text', text, ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}) });
const link = (text: string, href: string): DocNode => ({ type: 'text', text, marks: [{ type: 'link', attrs: { href } }] });
const p = (...content: DocNode[]): DocNode => ({ type: 'paragraph', content });
const h = (level: number, text: string): DocNode => ({ type: 'heading', attrs: { level }, content: [t(text)] });
const li = (...content: DocNode[]): DocNode => ({ type: 'listItem', content });
const cell = (type: 'tableHeader' | 'tableCell', text: string): DocNode => ({ type, attrs: { colspan: 1, rowspan: 1 }, content: [p(t(text))] });

export const SCRIPTS = 'Vielfalt: Türkçe şarkı, Polski łódź, Ελληνικά γλώσσα, Русский жизнь, Tiếng Việt ệ, Deutsch Größe Übermut.';
export const LONG_WORD = 'Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellungsbetriebsgenehmigungsverfahren';

export const sampleContent: DocNode = {
	type: 'doc',
	content: [
		h(1, 'Präambel'),
		p(
			t('Teilhabe von Migrantinnen und Migranten an der Gestaltung der Einwanderungsgesellschaft ist keine Gnade, sondern ein Recht. '),
			t('Fett gedruckt', 'bold'),
			t(' und '),
			t('kursiv', 'italic'),
			t(' und '),
			t('unterstrichen', 'underline'),
			t(' und '),
			t('gestrichen', 'strike'),
			t(' und ein '),
			link('Verweis', 'https://bkmo.example/positionen'),
			t(`. Das ${LONG_WORD} ist lang.`)
		),
		p(t(SCRIPTS)),
		h(2, 'Forderungen'),
		{
			type: 'orderedList',
			attrs: { start: 1 },
			content: [
				li(p(t('Sprachkurse für alle Neuzugewanderten ab dem ersten Tag, unabhängig vom Aufenthaltsstatus und der Bleibeperspektive.'))),
				li(
					p(t('Anerkennung ausländischer Berufsabschlüsse beschleunigen.')),
					{ type: 'bulletList', content: [li(p(t('binnen drei Monaten'))), li(p(t('mit einer zentralen Anlaufstelle je Bundesland, die berät und begleitet')))] }
				),
				li(p(t('Einbürgerung erleichtern.')))
			]
		},
		{ type: 'blockquote', content: [p(t('Die Würde des Menschen ist unantastbar. Sie zu achten und zu schützen ist Verpflichtung aller staatlichen Gewalt.'))] },
		h(3, 'Zeitplan'),
		{
			type: 'table',
			content: [
				{ type: 'tableRow', content: [cell('tableHeader', 'Maßnahme'), cell('tableHeader', 'Frist'), cell('tableHeader', 'Zuständig')] },
				{ type: 'tableRow', content: [cell('tableCell', 'Sprachkurse für alle Neuzugewanderten ab dem ersten Tag'), cell('tableCell', '2027'), cell('tableCell', 'Bund und Länder gemeinsam')] },
				{ type: 'tableRow', content: [cell('tableCell', 'Anerkennung'), cell('tableCell', '2028'), cell('tableCell', 'Länder')] }
			]
		},
		p(t('Schluss. '.repeat(25).trim()))
	]
};

export function sampleExport(overrides: Partial<ExportDocument> = {}): ExportDocument {
	return {
		language: 'de',
		federation: 'Bundeskonferenz der Migrantenorganisationen',
		title: 'Positionspapier zur Teilhabe',
		details: [
			{ label: 'Ausschuss', value: 'Bildung und Teilhabe' },
			{ label: 'Art', value: 'Positionspapier' },
			{ label: 'Fassung', value: 'Beschlussfassung' },
			{ label: 'Datum', value: '3. März 2027' }
		],
		content: sampleContent,
		lineLength: 80,
		pageLabel: 'Seite {page} von {pages}',
		...overrides
	};
}
