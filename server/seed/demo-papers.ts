// Demo papers for development: one first draft per committee, with the structures the editor
// offers (headings, numbered demands, tables, quotes), so that the paper pages show something real.
// Only seedDemo calls this; a production start never does.
import { sql, type Kysely } from 'kysely';
import type { JSONContent } from '@tiptap/core';
import type { DB, PaperType } from '../db/schema.ts';
import * as Y from 'yjs';
import { paperStateFromJSON } from '../papers/document-content.ts';
import { renderPaper } from '../collab/derived.ts';

export interface DemoPaper {
	title: string;
	type: PaperType;
	summary: string;
	content: JSONContent;
}

// Tiny builders: `**fett**` and `_kursiv_` inside strings become marks.
function inline(source: string): JSONContent[] {
	const out: JSONContent[] = [];
	const pattern = /\*\*(.+?)\*\*|_(.+?)_/g;
	let last = 0;
	for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
		if (m.index > last) out.push({ type: 'text', text: source.slice(last, m.index) });
		out.push({ type: 'text', text: m[1] ?? m[2], marks: [{ type: m[1] ? 'bold' : 'italic' }] });
		last = m.index + m[0].length;
	}
	if (last < source.length) out.push({ type: 'text', text: source.slice(last) });
	return out;
}
const p = (s: string): JSONContent => ({ type: 'paragraph', content: inline(s) });
const h = (level: number, s: string): JSONContent => ({ type: 'heading', attrs: { level }, content: inline(s) });
const items = (list: string[]) => list.map((s) => ({ type: 'listItem', content: [p(s)] }));
const ol = (...list: string[]): JSONContent => ({ type: 'orderedList', attrs: { start: 1 }, content: items(list) });
const ul = (...list: string[]): JSONContent => ({ type: 'bulletList', content: items(list) });
const quote = (...paras: string[]): JSONContent => ({ type: 'blockquote', content: paras.map(p) });
const hr: JSONContent = { type: 'horizontalRule' };
function table(head: string[], ...rows: string[][]): JSONContent {
	const row = (cells: string[], type: 'tableHeader' | 'tableCell') => ({ type: 'tableRow', content: cells.map((c) => ({ type, content: [p(c)] })) });
	return { type: 'table', content: [row(head, 'tableHeader'), ...rows.map((r) => row(r, 'tableCell'))] };
}
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });

/** Demo papers by the committee keys of the demo e-mail addresses. */
export const DEMO_PAPERS: Record<string, DemoPaper> = {
	teilhabe: {
		title: 'Eckpunkte für ein Bundespartizipationsgesetz (erster Entwurf)',
		type: 'draft_law',
		summary: 'Erster Entwurf der Eckpunkte: Partizipation in der Einwanderungsgesellschaft als gesetzlicher Auftrag des Bundes.',
		content: doc(
			h(1, 'Eckpunkte für ein Bundespartizipationsgesetz'),
			p('_Erster Entwurf des Ausschusses Gesellschaftliche und politische Teilhabe und Repräsentanz. Bitte Änderungen direkt im Text vornehmen und strittige Stellen im Ausschuss besprechen._'),
			h(2, 'Präambel'),
			p('Deutschland ist ein Einwanderungsland. Mehr als ein Viertel der Bevölkerung hat eine familiäre Migrationsgeschichte, doch in Parlamenten, Verwaltungen, Beiräten und Leitungsfunktionen sind Menschen aus Einwanderungsfamilien weiterhin deutlich unterrepräsentiert. Teilhabe darf nicht vom Wohlwollen einzelner Behörden abhängen; sie braucht einen **verbindlichen gesetzlichen Rahmen**.'),
			p('Ein Bundespartizipationsgesetz ersetzt den Integrationsbegriff als Leitbild durch den Anspruch auf gleichberechtigte Teilhabe und verpflichtet die Bundesverwaltung, strukturelle Ausschlüsse abzubauen.'),
			h(2, '§ 1 Ziel des Gesetzes'),
			p('Ziel dieses Gesetzes ist es, die gleichberechtigte Teilhabe aller Menschen in der Einwanderungsgesellschaft am politischen, gesellschaftlichen, wirtschaftlichen und kulturellen Leben zu fördern und Benachteiligungen aufgrund einer tatsächlichen oder zugeschriebenen Migrationsgeschichte zu verhindern und zu beseitigen.'),
			h(2, '§ 2 Unsere Kernforderungen'),
			ol(
				'**Partizipationsrat beim Bund:** Ein unabhängiger Rat der Migrant*innenorganisationen mit gesetzlich verankertem Anhörungsrecht bei allen Gesetzesvorhaben, die Teilhabe berühren.',
				'**Repräsentanz in der Bundesverwaltung:** Zielvorgaben für den Anteil von Beschäftigten mit Migrationsgeschichte auf allen Ebenen, jährlich erhoben und veröffentlicht.',
				'**Interkulturelle Öffnung als Pflichtaufgabe:** Jede oberste Bundesbehörde legt einen Plan mit überprüfbaren Maßnahmen vor.',
				'**Strukturförderung für Selbstorganisationen:** Verlässliche, mehrjährige Förderung statt kurzfristiger Projektmittel.',
				'**Beauftragte Stelle mit Klagerecht:** Eine Bundesbeauftragte für Partizipation, die Verstöße gegen dieses Gesetz auch gerichtlich geltend machen kann.'
			),
			h(2, '§ 3 Zuständigkeiten'),
			table(
				['Ebene', 'Verantwortung', 'Instrument'],
				['Bund', 'Bundesministerium des Innern, Beauftragte für Partizipation', 'Partizipationsrat, Berichtspflicht'],
				['Länder', 'Landesregierungen', 'Landespartizipationsgesetze nach Bundesvorbild'],
				['Kommunen', 'Städte, Kreise und Gemeinden', 'Integrations- und Migrationsbeiräte mit Antragsrecht']
			),
			h(2, '§ 4 Berichtspflicht'),
			p('Die Bundesregierung legt dem Bundestag alle zwei Jahre einen Partizipationsbericht vor. Er enthält die Daten nach § 2 Nummer 2, eine Bewertung der Maßnahmen nach § 2 Nummer 3 und die Stellungnahme des Partizipationsrates.'),
			quote('„Nichts über uns ohne uns“ – Teilhabe heißt, an den Entscheidungen beteiligt zu sein, nicht nur von ihnen betroffen.'),
			hr,
			h(3, 'Offene Fragen für die nächste Sitzung'),
			ul('Wie wird der Partizipationsrat besetzt: Wahl durch die Organisationen oder Berufung?', 'Brauchen wir eine Quote oder reichen Zielvorgaben?', 'Welche Länder haben bereits Gesetze, an die wir anknüpfen können (Berlin, Baden-Württemberg, Nordrhein-Westfalen)?')
		)
	},
	bildung: {
		title: 'Mehrsprachigkeit als Ressource: Forderungen an eine diskriminierungskritische Schule',
		type: 'demand_catalogue',
		summary: 'Forderungskatalog zur Anerkennung von Mehrsprachigkeit und zum Abbau institutioneller Diskriminierung entlang der Bildungskette.',
		content: doc(
			h(1, 'Mehrsprachigkeit als Ressource'),
			p('Kinder und Jugendliche, die mit mehreren Sprachen aufwachsen, bringen Kompetenzen mit, die unser Bildungssystem bislang kaum anerkennt. Stattdessen werden sie zu oft als Defizit behandelt: bei Übergangsempfehlungen, bei der Zuweisung zu Förderschulen und in der Bewertung von Leistungen.'),
			h(2, 'Ausgangslage'),
			p('Schülerinnen und Schüler aus Einwanderungsfamilien erhalten bei gleichen Leistungen seltener eine Gymnasialempfehlung. Herkunftssprachlicher Unterricht ist in vielen Ländern nicht Teil des regulären Angebots und wird von Konsulaten oder Vereinen am Nachmittag organisiert.'),
			h(2, 'Forderungen'),
			ol(
				'Herkunftssprachen werden als **reguläres Unterrichtsfach** angeboten und können als zweite Fremdsprache angerechnet werden.',
				'Übergangsempfehlungen werden **unabhängig überprüft**; Daten zu Empfehlungen nach Herkunft werden erhoben und veröffentlicht.',
				'Die Lehrkräfteausbildung enthält verpflichtende Module zu Mehrsprachigkeit und diskriminierungskritischer Pädagogik.',
				'Jede Schule benennt eine unabhängige **Beschwerdestelle** für Diskriminierungserfahrungen.',
				'Eltern werden in ihrer Sprache informiert; Dolmetschkosten trägt der Schulträger.'
			),
			h(2, 'Gute Beispiele'),
			table(['Land', 'Maßnahme', 'Seit'], ['Hamburg', 'Herkunftssprachlicher Unterricht an staatlichen Schulen', '2008'], ['Nordrhein-Westfalen', 'Herkunftssprache als versetzungsrelevantes Fach', '2010']),
			p('_Die Tabelle bitte ergänzen: Welche Erfahrungen gibt es in euren Ländern?_')
		)
	},
	empowerment: {
		title: 'Antirassismus als Querschnittsaufgabe',
		type: 'position_paper',
		summary: 'Positionspapier: Antirassismus ist Voraussetzung für Teilhabe und demokratische Stabilität und gehört in jedes Ressort.',
		content: doc(
			h(1, 'Antirassismus als Querschnittsaufgabe'),
			p('Rassismus ist kein Randphänomen, sondern wirkt in Institutionen, auf dem Wohnungsmarkt, in Schulen und Behörden. Wer demokratische Stabilität will, muss strukturellen Rassismus als Aufgabe **aller Ressorts** begreifen.'),
			h(2, 'Unsere Position'),
			ul(
				'Antirassismus braucht Ressourcen, keine Sonntagsreden: dauerhafte Förderung von Beratungsstellen und Selbstorganisationen.',
				'Das Allgemeine Gleichbehandlungsgesetz wird um ein Verbandsklagerecht erweitert und gilt auch für staatliches Handeln.',
				'Schutz von Geflüchteten heißt: faire Verfahren, Zugang zu Rechtsberatung und keine Leistungskürzungen unter das Existenzminimum.'
			),
			quote('لا شيء عنا بدوننا', '„Nichts über uns ohne uns“ – auf Arabisch, wie es auf unserer letzten Versammlung auf dem Transparent stand.'),
			h(2, 'Nächste Schritte'),
			p('Der Ausschuss stimmt den Text bis zur nächsten Sitzung ab; danach geht er in die Endredaktion.')
		)
	},
	arbeit: {
		title: 'Anerkennung ausländischer Berufsabschlüsse beschleunigen',
		type: 'policy_paper',
		summary: 'Policy Paper: schnellere, digitale und kostenfreie Anerkennungsverfahren gegen Fachkräftemangel und Dequalifizierung.',
		content: doc(
			h(1, 'Anerkennung ausländischer Berufsabschlüsse beschleunigen'),
			p('Pflegekräfte, Ingenieurinnen und Ärzte warten in Deutschland oft länger als ein Jahr auf die Anerkennung ihrer Abschlüsse. In dieser Zeit arbeiten viele unter ihrer Qualifikation oder gar nicht. Das schadet den Menschen und der Gesellschaft.'),
			h(2, 'Problem'),
			table(['Hürde', 'Folge'], ['Uneinheitliche Zuständigkeiten in 16 Ländern', 'Lange Verfahren, unklare Ansprechpersonen'], ['Hohe Gebühren und Übersetzungskosten', 'Verfahren werden gar nicht erst begonnen'], ['Fehlende Anpassungsqualifizierungen', 'Teilanerkennung ohne Weg zur vollen Anerkennung']),
			h(2, 'Empfehlungen'),
			ol(
				'Eine **bundesweit einheitliche digitale Antragsstelle** mit verbindlichen Fristen von höchstens drei Monaten.',
				'Gebührenfreiheit und Übernahme der Übersetzungskosten durch die Arbeitsagentur.',
				'Ein Rechtsanspruch auf Anpassungsqualifizierung bei Teilanerkennung.',
				'Arbeitsaufnahme während des Verfahrens in einer Assistenztätigkeit des angestrebten Berufs.'
			)
		)
	}
};

export function demoPaperFor(committeeName: string): DemoPaper {
	return {
		title: `Arbeitsentwurf: ${committeeName}`,
		type: 'position_paper',
		summary: 'Ein erster Arbeitsentwurf des Ausschusses.',
		content: doc(h(1, 'Arbeitsentwurf'), p(`Hier entsteht das nächste Papier des Ausschusses ${committeeName}.`), h(2, 'Forderungen'), ol('Erste Forderung', 'Zweite Forderung'))
	};
}

/**
 * One demo paper per committee, idempotent by title. The initial Yjs state goes straight into
 * paper_documents: the paper is new, so no live document can exist yet.
 */
export async function seedDemoPapers(db: Kysely<DB>, committees: { id: string; name: string; key: string; authorEmail: string }[]): Promise<void> {
	for (const c of committees) {
		const demo = DEMO_PAPERS[c.key] ?? demoPaperFor(c.name);
		const exists = await db.selectFrom('papers').select('id').where('committee_id', '=', c.id).where('title', '=', demo.title).executeTakeFirst();
		if (exists) continue;
		const author = await db.selectFrom('people').select('id').where(sql`lower(email)`, '=', c.authorEmail.toLowerCase()).executeTakeFirst();
		const state = paperStateFromJSON(demo.content);
		// The same renderings the collaboration server writes after edits, so nothing changes on first open.
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		const rendering = renderPaper(doc);
		doc.destroy();
		await db.transaction().execute(async (trx) => {
			const paper = await trx
				.insertInto('papers')
				.values({
					committee_id: c.id,
					title: demo.title,
					type: demo.type,
					summary: demo.summary,
					created_by: author?.id ?? null,
					updated_at: new Date(),
					content_text: rendering.text,
					content_json: JSON.stringify(rendering.json)
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await trx.insertInto('paper_documents').values({ paper_id: paper.id, state, updated_at: new Date() }).execute();
			if (author) await trx.insertInto('paper_contributors').values({ paper_id: paper.id, person_id: author.id, last_edit_at: new Date() }).execute();
		});
	}
}
