// Printing: plain text tables with aligned columns.

export type Cell = string | number | null | undefined;

export function fmt(value: Cell, digits = 1): string {
	if (value === null || value === undefined) return '–';
	if (typeof value === 'string') return value;
	if (!Number.isFinite(value)) return '–';
	return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

export const pct = (fraction: number | null | undefined) => (fraction === null || fraction === undefined || !Number.isFinite(fraction) ? '–' : `${(fraction * 100).toFixed(0)} %`);
export const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

export function table(headers: string[], rows: Cell[][]): string {
	const text = rows.map((row) => row.map((cell) => fmt(cell)));
	const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
	return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

/** The same table as Markdown, for the README. */
export function markdownTable(headers: string[], rows: Cell[][]): string {
	const text = rows.map((row) => row.map((cell) => fmt(cell)));
	return [`| ${headers.join(' | ')} |`, `| ${headers.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...text.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
