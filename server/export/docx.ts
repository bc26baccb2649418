// The Word file of a frozen paper (docx 9): headings as Word's heading styles, lists as Word
// numbering, tables, bold/italic/underline/strike, links as hyperlinks, a title block and page
// numbers. No line numbers: Word wraps lines itself, so its numbers would name other words than
// the PDF's; who quotes lines quotes the PDF.
import {
	AlignmentType,
	BorderStyle,
	Document,
	ExternalHyperlink,
	Footer,
	HeadingLevel,
	LevelFormat,
	Packer,
	PageNumber,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
	type ILevelsOptions,
	type INumberingOptions,
	type ParagraphChild
} from 'docx';
import type { DocNode } from './lines.ts';
import type { ExportDocument } from './model.ts';

// Arial is on every machine that opens Word files and covers the communities' scripts (Latin
// with Turkish, Polish and Vietnamese letters, Greek, Cyrillic).
const FONT = 'Arial';
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const;
const INDENT = 360; // twentieths of a point per list level

type NumberingConfig = INumberingOptions['config'][number];

/** Collects the lists of one document: every ordered list gets its own numbering, so it starts afresh at its `start`. */
class Lists {
	configs: NumberingConfig[] = [
		{ reference: 'bullets', levels: levels(() => ({ format: LevelFormat.BULLET, text: '•' })) }
	];
	#bulletInstance = 0;
	#ordered = 0;

	bulletList(): { reference: string; instance: number } {
		return { reference: 'bullets', instance: ++this.#bulletInstance };
	}

	orderedList(start: number): { reference: string; instance: number } {
		const reference = `ordered-${++this.#ordered}`;
		this.configs.push({ reference, levels: levels((level) => ({ format: LevelFormat.DECIMAL, text: `%${level + 1}.`, start })) });
		return { reference, instance: 1 };
	}
}

function levels(make: (level: number) => Partial<ILevelsOptions>): ILevelsOptions[] {
	return Array.from({ length: 9 }, (_, level) => ({
		level,
		alignment: AlignmentType.LEFT,
		style: { paragraph: { indent: { left: INDENT * (level + 1) + 360, hanging: 360 } } },
		...make(level)
	}));
}

interface Ctx {
	lists: Lists;
	/** the list paragraphs belong to: reference, instance, and nesting level */
	list?: { reference: string; instance: number; level: number };
	/** paragraphs after an item's first one: indented like the item's text, without a number */
	indent?: number;
	quote: number;
	/** how many lists enclose this block */
	depth: number;
}

function runs(nodes: DocNode[]): ParagraphChild[] {
	const out: ParagraphChild[] = [];
	for (const node of nodes) {
		if (node.type === 'hardBreak') {
			out.push(new TextRun({ text: '', break: 1 }));
			continue;
		}
		if (node.type !== 'text' || !node.text) continue;
		const has = (type: string) => node.marks?.some((m) => m.type === type) ?? false;
		const link = node.marks?.find((m) => m.type === 'link' && typeof m.attrs?.href === 'string');
		const options = {
			text: node.text,
			bold: has('bold') || undefined,
			italics: has('italic') || undefined,
			strike: has('strike') || undefined,
			underline: has('underline') ? {} : undefined
		};
		if (link) out.push(new ExternalHyperlink({ link: String(link.attrs!.href), children: [new TextRun({ ...options, style: 'Hyperlink' })] }));
		else out.push(new TextRun(options));
	}
	return out;
}

function quoteStyle(ctx: Ctx) {
	return ctx.quote > 0 ? { style: 'Quote' } : {};
}

function blocks(nodes: DocNode[], ctx: Ctx): (Paragraph | Table)[] {
	return nodes.flatMap((node) => block(node, ctx));
}

function block(node: DocNode, ctx: Ctx): (Paragraph | Table)[] {
	switch (node.type) {
		case 'paragraph': {
			const numbering = ctx.list ? { numbering: { reference: ctx.list.reference, instance: ctx.list.instance, level: ctx.list.level } } : {};
			const indent = !ctx.list && ctx.indent ? { indent: { left: ctx.indent } } : {};
			return [new Paragraph({ children: runs(node.content ?? []), ...numbering, ...indent, ...quoteStyle(ctx) })];
		}
		case 'heading': {
			const level = Math.min(4, Math.max(1, Number(node.attrs?.level ?? 1) || 1));
			return [new Paragraph({ heading: HEADINGS[level - 1], children: runs(node.content ?? []) })];
		}
		case 'bulletList':
		case 'orderedList': {
			const level = Math.min(8, ctx.depth);
			const inner: Ctx = { ...ctx, depth: ctx.depth + 1 };
			const list = node.type === 'orderedList' ? ctx.lists.orderedList(Math.trunc(Number(node.attrs?.start ?? 1)) || 1) : ctx.lists.bulletList();
			return (node.content ?? []).flatMap((item) => {
				const children = item.content ?? [];
				const [first, ...rest] = children;
				const out: (Paragraph | Table)[] = [];
				const textIndent = INDENT * (level + 1) + 360;
				if (first) {
					if (first.type === 'paragraph' || first.type === 'heading') {
						out.push(...block({ ...first, type: 'paragraph' }, { ...inner, list: { ...list, level }, indent: undefined }));
					} else out.push(...block(first, { ...inner, list: undefined, indent: textIndent }));
				}
				for (const child of rest) out.push(...block(child, { ...inner, list: undefined, indent: textIndent }));
				return out;
			});
		}
		case 'blockquote':
			return blocks(node.content ?? [], { ...ctx, quote: ctx.quote + 1 });
		case 'horizontalRule':
			return [new Paragraph({ children: [], border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '8A8A8A', space: 1 } } })];
		case 'table':
			return [table(node, ctx)];
		default:
			return node.content ? blocks(node.content, ctx) : [];
	}
}

function table(node: DocNode, ctx: Ctx): Table {
	const rows = (node.content ?? []).filter((r) => r.type === 'tableRow');
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		rows: rows.map((row, r) => {
			const header = (row.content ?? []).every((c) => c.type === 'tableHeader');
			return new TableRow({
				// Word repeats header rows on every page.
				tableHeader: header && r === 0,
				children: (row.content ?? []).map((cell) => {
					const content = blocks(cell.content ?? [], { lists: ctx.lists, quote: 0, depth: 0 });
					const span = Math.trunc(Number(cell.attrs?.colspan ?? 1)) || 1;
					return new TableCell({
						children: content.length ? content : [new Paragraph('')],
						...(span > 1 ? { columnSpan: span } : {}),
						...(cell.type === 'tableHeader' ? { shading: { type: ShadingType.CLEAR, fill: 'EEEEEE', color: 'auto' } } : {})
					});
				})
			});
		})
	});
}

function titleBlock(doc: ExportDocument): Paragraph[] {
	const out = [
		new Paragraph({ children: [new TextRun({ text: doc.federation, color: '555555', size: 18 })] }),
		new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
		...doc.details.map(
			(d) => new Paragraph({ spacing: { after: 0 }, children: [new TextRun({ text: `${d.label}: `, color: '555555' }), new TextRun(d.value)] })
		)
	];
	if (doc.outcome) {
		out.push(
			new Paragraph({ spacing: { before: 200 }, children: [new TextRun({ text: doc.outcome.heading, bold: true })] }),
			...doc.outcome.lines.map((l) => new Paragraph({ spacing: { after: 0 }, children: [new TextRun(l)] }))
		);
	}
	out.push(new Paragraph({ children: [], border: { bottom: { style: BorderStyle.SINGLE, size: 8, color: '333333', space: 1 } } }));
	return out;
}

function endorsements(doc: ExportDocument, lists: Lists): Paragraph[] {
	const outcome = doc.outcome;
	if (!outcome || outcome.endorsements.length === 0) return [];
	const list = lists.bulletList();
	return [
		new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${outcome.endorsementsHeading} (${outcome.endorsements.length})`)] }),
		...outcome.endorsements.map((name) => new Paragraph({ numbering: { ...list, level: 0 }, children: [new TextRun(name)] }))
	];
}

function footer(doc: ExportDocument): Footer {
	// "Seite {page} von {pages}" with Word's own page fields in the placeholders.
	const parts = doc.pageLabel.split(/(\{page\}|\{pages\})/).filter(Boolean);
	const children = parts.map((part) =>
		part === '{page}' ? new TextRun({ children: [PageNumber.CURRENT], size: 16 }) : part === '{pages}' ? new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 16 }) : new TextRun({ text: part, size: 16 })
	);
	return new Footer({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children })] });
}

export function docxDocument(doc: ExportDocument): Document {
	const lists = new Lists();
	const body = blocks(doc.content.content ?? [], { lists, quote: 0, depth: 0 });
	const tail = endorsements(doc, lists);
	return new Document({
		creator: 'Mitsprache',
		title: doc.title,
		subject: doc.federation,
		styles: {
			default: {
				document: { run: { font: FONT, size: 21 }, paragraph: { spacing: { after: 120, line: 276 } } },
				title: { run: { font: FONT, size: 40, bold: true } },
				heading1: { run: { font: FONT, size: 28, bold: true }, paragraph: { spacing: { before: 240, after: 120 } } },
				heading2: { run: { font: FONT, size: 25, bold: true }, paragraph: { spacing: { before: 200, after: 100 } } },
				heading3: { run: { font: FONT, size: 23, bold: true }, paragraph: { spacing: { before: 160, after: 80 } } },
				heading4: { run: { font: FONT, size: 21, bold: true, italics: true }, paragraph: { spacing: { before: 160, after: 80 } } }
			},
			paragraphStyles: [
				{
					id: 'Quote',
					name: 'Quote',
					basedOn: 'Normal',
					next: 'Normal',
					quickFormat: true,
					run: { color: '3A3A3A', italics: true },
					paragraph: { indent: { left: 567 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'B5B5B5', space: 8 } } }
				}
			]
		},
		numbering: { config: lists.configs },
		sections: [
			{
				properties: { page: { margin: { top: 1134, bottom: 1134, left: 1247, right: 1134 } } },
				footers: { default: footer(doc) },
				children: [...titleBlock(doc), ...body, ...tail]
			}
		]
	});
}

export async function renderDocx(doc: ExportDocument): Promise<Uint8Array> {
	const buffer = await Packer.toBuffer(docxDocument(doc));
	return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
