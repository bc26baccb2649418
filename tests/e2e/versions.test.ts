// Versions in the browser: save a named version, edit, compare (inline and side by side) and see
// the marked changes, read the frozen text, restore it and see the old text back in the editor.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage, createPaper, demo, login, newPerson } from './harness.ts';

const editor = (page: Page) => page.getByTestId('editor');
const editorText = (page: Page) =>
	editor(page).evaluate((element) => {
		const copy = element.cloneNode(true) as HTMLElement;
		copy.querySelectorAll('.remote-caret').forEach((node) => node.remove());
		return Array.from(copy.children, (block) => (block.textContent ?? '').replace(/\u2060/g, '')).join('\n');
	});
const syncState = (page: Page) => page.getByTestId('sync-status').getAttribute('data-state');
const WAIT = { timeout: 15_000, interval: 100 };

async function waitSynced(page: Page): Promise<void> {
	await expect.poll(() => syncState(page), WAIT).toMatch(/^(connected|saved)$/);
	await editor(page).waitFor();
}

/** Replaces the whole text by typing, as a person would. */
async function retype(page: Page, text: string): Promise<void> {
	await editor(page).click();
	await page.keyboard.press('Control+a');
	await page.keyboard.type(text, { delay: 5 });
	await expect.poll(() => editorText(page), WAIT).toBe(text);
	await expect.poll(() => syncState(page), WAIT).toBe('saved');
}

describe('versions', () => {
	test('save a named version, edit, compare, restore', { timeout: 180_000 }, async () => {
		const chair = await newPerson();
		await login(chair, demo('vorsitz.bildung'));
		await checkPage(chair, 'versions-overview');
		const path = await createPaper(chair, 'Versionen im Browser', 'versions-committee');
		await waitSynced(chair);

		const first = 'Wir fordern gleiche Rechte für alle.';
		await retype(chair, first);

		// Save a named version from the panel beside the editor.
		const panel = chair.getByTestId('versions-panel');
		await panel.locator('details.save summary').click();
		const save = panel.getByTestId('save-version');
		await save.locator('input[name="name"]').fill('Sitzung am Dienstag');
		await save.locator('textarea[name="note"]').fill('So beschlossen.');
		await save.locator('button[type="submit"]').click();
		await expect.poll(() => save.locator('.alert.success').innerText(), WAIT).toContain('Sitzung am Dienstag');
		await expect.poll(() => panel.getByTestId('version-item').count(), WAIT).toBe(1);
		await checkPage(chair, 'paper-versions-panel');

		// Edit, then compare the saved version with the current text.
		await retype(chair, 'Wir fordern echte Rechte für alle. Und bessere Schulen.');
		await Promise.all([chair.waitForURL(/\/compare\?/), panel.getByRole('link', { name: /Mit aktuellem Text vergleichen/ }).first().click()]);
		const text = chair.getByTestId('rendered-text');
		await expect.poll(() => text.locator('del').allInnerTexts()).toEqual([expect.stringContaining('gleiche')]);
		expect((await text.locator('ins').allInnerTexts()).join(' ')).toMatch(/echte.*Und bessere Schulen\./s);
		// The changes are told in words too, for screen readers.
		expect(await text.locator('ins .visually-hidden').first().innerText()).toBe('Einfügung:');
		expect(await chair.getByTestId('compare-summary').innerText()).toContain('Wörter hinzugefügt: 4 · Wörter entfernt: 1');
		await checkPage(chair, 'versions-compare-inline');

		// Side by side: the old text on the left, the new on the right.
		await chair.getByLabel('Nebeneinander').check();
		await Promise.all([chair.waitForURL(/view=side/), chair.getByTestId('compare-form').locator('button[type="submit"]').click()]);
		const row = chair.locator('.diff-row-changed').first();
		expect(await row.locator('.diff-old').innerText()).toContain('gleiche');
		expect(await row.locator('.diff-old').innerText()).not.toContain('Schulen');
		expect(await row.locator('.diff-new').innerText()).toContain('Schulen');
		await checkPage(chair, 'versions-compare-side');

		// The history, then the frozen version itself.
		await chair.goto(`${path}/versions`);
		await checkPage(chair, 'versions-history');
		await Promise.all([chair.waitForURL(/\/versions\/[^/]+$/), chair.getByRole('link', { name: 'Sitzung am Dienstag' }).click()]);
		expect(await chair.getByTestId('line-numbered-text').innerText()).toContain(first);
		await checkPage(chair, 'version-view');

		// Restore, after confirming.
		await chair.getByTestId('restore-version').locator('summary').click();
		await checkPage(chair, 'version-restore-confirm');
		await Promise.all([chair.waitForURL((url) => url.pathname === path), chair.getByRole('button', { name: 'Ja, wiederherstellen' }).click()]);
		await waitSynced(chair);
		await expect.poll(() => editorText(chair), WAIT).toBe(first);
		expect(await chair.getByTestId('versions-panel').locator('.alert.success').innerText()).toContain('Version 1 wurde wiederhergestellt');
		// Newest first: the restore, the text before it, the named version.
		await expect.poll(() => chair.getByTestId('versions-panel').getByTestId('version-item').count(), WAIT).toBe(3);
		const labels = await chair.getByTestId('versions-panel').getByTestId('version-item').locator('a.label').allInnerTexts();
		expect(labels).toEqual(['Wiederhergestellt aus Version 1 „Sitzung am Dienstag“', 'Stand vor einer Wiederherstellung', 'Sitzung am Dienstag']);
		await checkPage(chair, 'paper-after-restore');

		// Only named versions.
		await chair.goto(`${path}/versions?named=1`);
		expect(await chair.getByTestId('version-item').count()).toBe(1);
		await checkPage(chair, 'versions-history-named');
	});
});
