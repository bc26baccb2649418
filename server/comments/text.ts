// Comment text is plain text. These helpers find @mentions in it and cut it into segments that
// the page renders as text nodes and links; nothing a person types ever becomes markup. Pure and
// DOM-free: the server (mentions) and the browser (rendering) share it.

export interface Named {
	id: string;
	name: string;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

const fold = (text: string) => text.toLocaleLowerCase('de');

/** The longest of the names written as `@Name` at index i of the text (then a non-word character). */
function mentionAt<T extends { name: string }>(text: string, i: number, longestFirst: readonly T[]): T | undefined {
	if (text[i] !== '@') return undefined;
	return longestFirst.find((p) => {
		const end = i + 1 + p.name.length;
		return end <= text.length && fold(text.slice(i + 1, end)) === fold(p.name) && !WORD_CHAR.test(text[end] ?? ' ');
	});
}

const longestFirst = <T extends { name: string }>(people: readonly T[]) => [...people].filter((p) => p.name.trim()).sort((a, b) => b.name.length - a.name.length);

/**
 * The people mentioned as `@Full Name` (case-insensitive, ending at a non-word character). Longer
 * names win where one name starts another ("@Anna Maria" is not also "@Anna").
 */
export function findMentions(body: string, people: readonly Named[]): string[] {
	const sorted = longestFirst(people);
	const found = new Set<string>();
	for (let i = body.indexOf('@'); i >= 0; i = body.indexOf('@', i + 1)) {
		const person = mentionAt(body, i, sorted);
		if (person) found.add(person.id);
	}
	return [...found];
}

export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string } | { kind: 'mention'; text: string };

// Only http and https become links: a `javascript:` or `data:` URL stays text.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/giu;

const count = (text: string, ch: string) => text.split(ch).length - 1;

/** Punctuation after a URL ends the sentence, not the URL; a closing bracket only if unmatched. */
function trimUrl(raw: string): string {
	while (raw.length) {
		const ch = raw[raw.length - 1];
		if (ch === ')' ? count(raw, '(') >= count(raw, ')') : !/[.,;:!?'"\]}»“”]/u.test(ch)) break;
		raw = raw.slice(0, -1);
	}
	return raw;
}

/** A safe href for a typed URL, or null. */
export function safeHref(candidate: string): string | null {
	try {
		const url = new URL(candidate);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
	} catch {
		return null;
	}
}

/** The body as text, links and mentions (of the given names), in order. */
export function segments(body: string, mentionedNames: readonly string[] = []): Segment[] {
	const out: Segment[] = [];
	let last = 0;
	for (const match of body.matchAll(URL_PATTERN)) {
		const raw = trimUrl(match[0]);
		const href = safeHref(raw);
		if (!href) continue;
		const at = match.index!;
		if (at > last) out.push(...mentionSegments(body.slice(last, at), mentionedNames));
		out.push({ kind: 'link', text: raw, href });
		last = at + raw.length;
	}
	if (last < body.length) out.push(...mentionSegments(body.slice(last), mentionedNames));
	return out;
}

function mentionSegments(text: string, names: readonly string[]): Segment[] {
	const sorted = longestFirst(names.map((name) => ({ name })));
	const out: Segment[] = [];
	let last = 0;
	for (let i = text.indexOf('@'); i >= 0 && sorted.length; i = text.indexOf('@', i + 1)) {
		if (i < last) continue;
		const hit = mentionAt(text, i, sorted);
		if (!hit) continue;
		if (i > last) out.push({ kind: 'text', text: text.slice(last, i) });
		last = i + 1 + hit.name.length;
		out.push({ kind: 'mention', text: text.slice(i, last) });
	}
	if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
	return out;
}
