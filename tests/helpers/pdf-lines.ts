// Reading numbered lines back out of a PDF with pdftotext (Debian's poppler-utils), as a reader
// copying text would, to compare them with the line-breaking function and with the browser views.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function pdfText(pdf: Uint8Array): string {
	const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
	try {
		const file = join(dir, 'file.pdf');
		writeFileSync(file, pdf);
		return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Words only: pdftotext renders gaps and table columns as runs of spaces, the views as " │ ". */
export const words = (s: string) => s.replace(/│/g, ' ').split(/\s+/).filter(Boolean).join(' ');

/** The numbered lines of pdftotext's layout output: a number in the margin, then the line. */
export function numberedLinesOfPdfText(text: string): { number: number; text: string }[] {
	const out: { number: number; text: string }[] = [];
	let started = false;
	for (const line of text.split('\n')) {
		const m = /^\s*(\d+)\s{2,}(\S.*)$/.exec(line);
		if (!m) continue;
		if (!started && m[1] !== '1') continue; // the title block has no numbered lines
		started = true;
		out.push({ number: Number(m[1]), text: words(m[2]) });
	}
	return out;
}
