// What every export format gets: the frozen text and the words around it, already in the reader's
// language, so that the renderers know nothing of the database or of i18n.
import type { DocNode } from './lines.ts';

export interface ExportOutcome {
	/** e.g. "Beschlossen" */
	heading: string;
	/** lines such as "Angenommen am 3. März 2027" and "31 dafür, 2 dagegen, 4 Enthaltungen" */
	lines: string[];
	/** e.g. "Unterstützende Organisationen"; the list goes after the text */
	endorsementsHeading: string;
	endorsements: string[];
}

export interface ExportDocument {
	language: 'de' | 'en';
	/** the federation's name, first line of the title block */
	federation: string;
	title: string;
	/** the rows of the title block: committee, type, version, date, each label and value */
	details: { label: string; value: string }[];
	/** the frozen text (ProseMirror JSON) */
	content: DocNode;
	/** the federation's line length */
	lineLength: number;
	/** "Seite {page} von {pages}" */
	pageLabel: string;
	/** for adopted papers: the result and the endorsing organisations */
	outcome?: ExportOutcome;
}

export type ExportFormat = 'pdf' | 'docx' | 'md';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['pdf', 'docx', 'md'];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	md: 'text/markdown; charset=utf-8'
};
