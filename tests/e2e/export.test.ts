// Line numbers as people see them: the version view's margin numbers are the PDF's, line for line
// (lists, tables, long lines of the demo draft law); the comparison and the editor show them too;
// the downloads arrive with their names.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage, demo, login, newPerson } from './harness.ts';
import { numberedLinesOfPdfText, pdfText, words } from '../helpers/pdf-lines.ts';

const PAPER_TITLE = 'Eckpunkte für ein Bundespartizipationsgesetz (erster Entwurf)';

/** The numbered lines of a LineNumberedText on the page: number, marker and text (table cells joined). */
function pageLines(page: Page): Promise<{ number: number; text: string }[]> {
	return page.getByTestId('line-numbered-text').evaluate((root) => {
		const out: { number: number; text: string }[] = [];
		for (const no of root.querySelectorAll<HTMLElement>('[data-line]')) {
			const number = Number(no.dataset.line);
			const parts = [...root.querySelectorAll<HTMLElement>(`[data-line-of="${number}"]`)].map((el) => {
				const marker = el.querySelector('.marker')?.textContent ?? '';
				const text = el.querySelector('.runs')?.textContent ?? '';
				return (marker ? `${marker} ` : '') + text.replace(/\u200b/g, '');
			});
			out.push({ number, text: parts.join(' │ ') });
		}
		return out;
	});
}

/** Finds the demo draft law through the paper search. */
async function openDemoPaper(page: Page): Promise<string> {
	await page.goto(`/papers?q=${encodeURIComponent('Bundespartizipationsgesetz')}`);
	await checkPage(page, 'papers-search-export', { once: true });
	await Promise.all([page.waitForURL(/\/papers\/[0-9a-f-]{36}$/), page.getByRole('link', { name: PAPER_TITLE }).first().click()]);
	return new URL(page.url()).pathname;
}

describe('line numbers and downloads', () => {
	test('the version view numbers its lines as the PDF does; the comparison and the editor show numbers', { timeout: 180_000 }, async () => {
		const chair = await newPerson();
		await login(chair, demo('vorsitz.teilhabe'));
		await checkPage(chair, 'overview-chair', { once: true });
		const paperPath = await openDemoPaper(chair);

		// The editor: numbers on request, the first block starts at line 1.
		await chair.getByTestId('editor').waitFor();
		await chair.getByTestId('line-numbers-toggle').check();
		await expect.poll(() => chair.locator('.paper-text [data-line-start]').count(), { timeout: 10_000 }).toBeGreaterThan(5);
		expect(await chair.locator('.paper-text [data-line-start]').first().getAttribute('data-line-start')).toBe('1');
		await checkPage(chair, 'paper-line-numbers');

		// Save a version, then open it from the history.
		await chair.goto(`${paperPath}/versions`);
		await checkPage(chair, 'versions-history-export');
		const form = chair.getByTestId('save-version');
		await form.locator('input[name="name"]').fill('Fassung für den Zeilentest');
		await form.locator('button[type="submit"]').click();
		const item = chair.getByTestId('version-item').filter({ hasText: 'Fassung für den Zeilentest' });
		await item.first().waitFor({ timeout: 15_000 });
		await Promise.all([chair.waitForURL(/\/versions\/[0-9a-f-]{36}$/), item.first().getByRole('link', { name: 'Fassung für den Zeilentest' }).click()]);
		await chair.getByTestId('line-numbered-text').waitFor();
		await checkPage(chair, 'version-line-numbers');

		const shown = await pageLines(chair);
		expect(shown.length).toBeGreaterThan(30);
		expect(shown.map((l) => l.number)).toEqual(shown.map((_, i) => i + 1));

		// The PDF of the same version: the same numbers on the same words.
		const pdfHref = (await chair.locator('a[href$="/export.pdf"]').first().getAttribute('href'))!;
		const response = await chair.request.get(pdfHref);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('application/pdf');
		expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="Eckpunkte-fuer-ein-Bundespartizipationsgesetz-erster-Entwurf_Fassung-fuer-den-Zeilentest\.pdf"; filename\*=UTF-8''/);
		const fromPdf = numberedLinesOfPdfText(pdfText(new Uint8Array(await response.body())));
		expect(fromPdf).toEqual(shown.map((l) => ({ number: l.number, text: words(l.text) })));

		// Word and Markdown come from the same place.
		const docx = await chair.request.get((await chair.locator('a[href$="/export.docx"]').first().getAttribute('href'))!);
		expect(docx.status()).toBe(200);
		expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');
		const md = await chair.request.get((await chair.locator('a[href$="/export.md"]').first().getAttribute('href'))!);
		expect(await md.text()).toContain('# Eckpunkte für ein Bundespartizipationsgesetz (erster Entwurf)');

		// The comparison with the current text numbers its blocks in the margin from line 1.
		const versionId = new URL(chair.url()).pathname.split('/').pop();
		await chair.goto(`${paperPath}/compare?from=${versionId}&to=current`);
		await checkPage(chair, 'compare-line-numbers');
		const firstRef = (await chair.locator('.line-ref').first().innerText()).trim();
		expect(firstRef.split(/\s+/).pop()).toBe('1');

		// Someone who may not read the paper gets no download.
		const outsider = await newPerson();
		await login(outsider, demo('vorsitz.bildung'));
		await checkPage(outsider, 'overview-chair', { once: true });
		const refused = await outsider.request.get(pdfHref, { maxRedirects: 0 });
		expect(refused.status()).toBe(403);
	});
});
