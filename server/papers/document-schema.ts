// The one definition of what a paper may contain. The browser editor, the collaboration server
// (derived text and JSON), the seed, and later exports and comparisons all build their schema from
// `paperExtensions()`, so a node the editor can make is a node every other part understands.
// Must import in Node without a DOM: nothing here touches `document` or `window` at import time.
import type { AnyExtension, Extensions } from '@tiptap/core';
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { StarterKit } from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';

/**
 * A paper's size limit in characters of text. The collaboration server refuses documents beyond
 * its byte limit (MAX_PAPER_BYTES in server/collab/settings.ts, close code 4413); the editor
 * refuses a paste that would pass this earlier, with a message, so that nobody loses work to a
 * closed connection. Keep it below that byte limit with room for structure and non-ASCII text.
 */
export const MAX_PAPER_TEXT_LENGTH = 4_000_000;

export const HEADING_LEVELS = [1, 2, 3, 4] as const;

/** The Yjs XmlFragment that holds the text (TipTap Collaboration's default `field`). */
export const PAPER_FRAGMENT = 'default';

// dir="auto" lets each block take its direction from its own first strong character, so an
// Arabic or Persian paragraph in a German paper reads right to left. It is an HTML attribute
// only, not a schema attribute: the stored document stays the same for every reader.
const auto = { HTMLAttributes: { dir: 'auto' } };

/**
 * Foreign styling from Word and web pages: inline styles, classes and ids never reach the
 * document (the schema drops unknown marks, but links would keep `class`, and a later schema
 * attribute might pick up `style`). Word's list paragraphs become real lists so that numbered
 * demands stay numbered.
 */
export const PasteCleanup = Extension.create({
	name: 'pasteCleanup',
	addProseMirrorPlugins() {
		return [
			new Plugin({
				key: new PluginKey('pasteCleanup'),
				props: {
					transformPastedHTML: (html) => (typeof DOMParser === 'undefined' ? html : cleanPastedHtml(html))
				}
			})
		];
	}
});

/** The extension list of a paper. `undoRedo` is off: Collaboration's undo only undoes one's own edits. */
export function paperExtensions(): Extensions {
	const extensions: AnyExtension[] = [
		StarterKit.configure({
			undoRedo: false,
			code: false,
			codeBlock: false,
			heading: { levels: [...HEADING_LEVELS], ...auto },
			paragraph: auto,
			blockquote: auto,
			listItem: auto,
			link: {
				openOnClick: false,
				autolink: true,
				linkOnPaste: true,
				defaultProtocol: 'https',
				protocols: ['http', 'https', 'mailto'],
				HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank', class: null }
			}
		}),
		TableKit.configure({
			table: { resizable: false },
			tableCell: auto,
			tableHeader: auto
		}),
		PasteCleanup
	];
	return extensions;
}

const DROP_ELEMENTS = 'style, script, meta, link, title, xml, template, iframe, object, embed, svg, canvas, form, input, button, select, textarea';
const KEEP_ATTRIBUTES: Record<string, string[]> = {
	a: ['href', 'title'],
	td: ['colspan', 'rowspan'],
	th: ['colspan', 'rowspan'],
	ol: ['start'],
	img: []
};

/**
 * Cleans pasted HTML in the browser (needs DOMParser): keeps structure, drops styling. Exported so
 * that a browser test can check it on real Word and web clippings.
 */
export function cleanPastedHtml(html: string): string {
	const doc = new DOMParser().parseFromString(html, 'text/html');
	const body = doc.body;
	convertWordLists(doc);
	// Word's conditional comments and Office namespaced tags (o:p, v:shape, w:…) carry no text.
	const walker = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
	const comments: Node[] = [];
	while (walker.nextNode()) comments.push(walker.currentNode);
	for (const c of comments) c.parentNode?.removeChild(c);
	for (const el of [...body.querySelectorAll(DROP_ELEMENTS)]) el.remove();
	for (const el of [...body.querySelectorAll('*')]) {
		if (el.tagName.includes(':')) {
			el.replaceWith(...el.childNodes);
			continue;
		}
		const keep = KEEP_ATTRIBUTES[el.tagName.toLowerCase()] ?? [];
		for (const attr of [...el.attributes]) {
			if (!keep.includes(attr.name.toLowerCase())) el.removeAttribute(attr.name);
		}
	}
	return body.innerHTML;
}

/**
 * Word writes list items as paragraphs (`class="MsoListParagraph…"`, `style="mso-list:l0 level1"`)
 * with the bullet or number as text in a `mso-list:Ignore` span. Turn runs of them into lists.
 */
function convertWordLists(doc: Document): void {
	const paragraphs = [...doc.body.querySelectorAll('p')].filter((p) => /mso-list:\s*l\d/i.test(p.getAttribute('style') ?? ''));
	let list: HTMLElement | null = null;
	let previous: Element | null = null;
	const stack: { level: number; list: HTMLElement }[] = [];
	for (const p of paragraphs) {
		const style = p.getAttribute('style') ?? '';
		const level = Number(/level(\d+)/i.exec(style)?.[1] ?? '1');
		const marker = p.querySelector('span[style*="mso-list"]');
		const markerText = (marker?.textContent ?? '').replace(/\u00a0/g, ' ').trim();
		const ordered = /^(\(?[0-9]+[.)]|\(?[a-zA-Z][.)]|[ivxlcdm]+[.)])$/i.test(markerText);
		marker?.remove();
		const contiguous = previous !== null && p.previousElementSibling === previous;
		if (!contiguous) stack.length = 0;
		while (stack.length && stack[stack.length - 1].level > level) stack.pop();
		const top = stack[stack.length - 1];
		const li = doc.createElement('li');
		const inner = doc.createElement('p');
		inner.append(...p.childNodes);
		li.append(inner);
		if (top && top.level === level) {
			top.list.append(li);
			list = top.list;
		} else {
			list = doc.createElement(ordered ? 'ol' : 'ul');
			list.append(li);
			if (top) top.list.lastElementChild?.append(list);
			else p.before(list);
			stack.push({ level, list });
		}
		previous = p;
		// Keep p in place as a marker for contiguity until the run ends, then drop it.
		p.replaceChildren();
		p.setAttribute('data-word-list', '');
	}
	for (const p of doc.body.querySelectorAll('p[data-word-list]')) {
		// A paragraph's former place; the list already sits before the first of the run.
		p.remove();
	}
}
