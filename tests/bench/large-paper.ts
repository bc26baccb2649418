// A large paper as it comes to be: typed word by word over many sessions by several people, with
// typos fixed, words inserted and some formatting, then compacted into one state (Yjs V1), as the
// collaboration server stores it. Deterministic: the same seed gives the same paper.
import * as Y from 'yjs';

function rng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const WORDS =
	'Teilhabe Bildung Gleichstellung Migrantinnen Organisationen Bundesregierung fordern Rechte Chancen Sprache Schule Arbeit Gesundheit Antirassismus Empowerment Flucht Integration Gesellschaft Demokratie Vielfalt Förderung Beratung Strukturen Zugang gleichberechtigt nachhaltig kommunal Länder Bund Ausschuss Mitglieder Verband Stellungnahme Empfehlung Maßnahmen Beteiligung Repräsentanz Diskriminierung Schutz Familien Kinder Jugendliche Eltern Ausbildung Anerkennung Abschlüsse Quote Finanzierung Projekte und die der für mit von zu in auf eine ein nicht mehr sowie durch'.split(
		' '
	);

export interface LargePaper {
	state: Uint8Array;
	characters: number;
	blocks: number;
	transactions: number;
	authors: number;
}

export function buildLargePaper(targetChars = 300_000, seed = 1): LargePaper {
	const random = rng(seed);
	const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
	const doc = new Y.Doc();
	const fragment = doc.getXmlFragment('default');
	let chars = 0;
	let transactions = 0;
	let blocks = 0;
	const authors = new Set<number>();
	const newSession = () => {
		// Each typing session is another client id in the document's history.
		doc.clientID = 1 + Math.floor(random() * 0x7ffffffe);
		authors.add(doc.clientID);
	};
	newSession();

	const type = (text: Y.XmlText, sentenceCount: number) => {
		for (let s = 0; s < sentenceCount; s++) {
			const words = Array.from({ length: 8 + Math.floor(random() * 12) }, () => pick(WORDS));
			const sentence = words.join(' ') + '. ';
			// A word or two per transaction, as typing arrives between two sync messages.
			for (let at = 0; at < sentence.length; ) {
				const chunk = sentence.slice(at, at + 3 + Math.floor(random() * 10));
				doc.transact(() => text.insert(text.length, chunk));
				at += chunk.length;
				chars += chunk.length;
				transactions++;
				if (transactions % 600 === 0) newSession();
				const r = random();
				if (r < 0.04 && text.length > 4) {
					// a typo, fixed
					const n = 1 + Math.floor(random() * 3);
					doc.transact(() => text.delete(text.length - n, n));
					chars -= n;
					transactions++;
				} else if (r < 0.06 && text.length > 20) {
					const word = pick(WORDS) + ' ';
					doc.transact(() => text.insert(Math.floor(random() * text.length), word));
					chars += word.length;
					transactions++;
				} else if (r < 0.07 && text.length > 20) {
					const from = Math.floor(random() * (text.length - 10));
					doc.transact(() => text.format(from, 8, { bold: {} }));
					transactions++;
				}
			}
		}
	};

	const block = (name: string, attrs: Record<string, unknown> = {}): Y.XmlText => {
		const element = new Y.XmlElement(name);
		// y-prosemirror keeps attribute values as they are (numbers stay numbers).
		for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value as string);
		const text = new Y.XmlText();
		element.insert(0, [text]);
		doc.transact(() => fragment.insert(fragment.length, [element]));
		transactions++;
		blocks++;
		return text;
	};

	while (chars < targetChars) {
		type(block('heading', { level: 1 }), 1);
		for (let k = 0; k < 6 && chars < targetChars; k++) {
			if (random() < 0.15) {
				// a bullet list of a few items
				const list = new Y.XmlElement('bulletList');
				doc.transact(() => fragment.insert(fragment.length, [list]));
				blocks++;
				for (let i = 0; i < 3 + Math.floor(random() * 3); i++) {
					const item = new Y.XmlElement('listItem');
					const paragraph = new Y.XmlElement('paragraph');
					const text = new Y.XmlText();
					paragraph.insert(0, [text]);
					item.insert(0, [paragraph]);
					doc.transact(() => list.insert(list.length, [item]));
					transactions++;
					type(text, 1);
				}
			} else {
				type(block('paragraph'), 3 + Math.floor(random() * 3));
			}
		}
		// Now and then a paragraph is written and thrown away again.
		if (random() < 0.2) {
			const text = block('paragraph');
			type(text, 1);
			doc.transact(() => fragment.delete(fragment.length - 1, 1));
			blocks--;
		}
	}
	const state = Y.encodeStateAsUpdate(doc);
	const characters = countCharacters(fragment);
	doc.destroy();
	return { state, characters, blocks, transactions, authors: authors.size };
}

export function countCharacters(node: Y.XmlFragment | Y.XmlElement): number {
	let n = 0;
	for (const child of node.toArray()) {
		if (child instanceof Y.XmlText) n += child.length;
		else n += countCharacters(child as Y.XmlElement);
	}
	return n;
}
