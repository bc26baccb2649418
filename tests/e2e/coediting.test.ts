// Two people write one paper at the same time through the real collaboration server: each sees
// the other's text and named caret; an edit made offline merges on reconnect.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage, createPaper, demo, login, logout, newPerson } from './harness.ts';

const editor = (page: Page) => page.getByTestId('editor');
/** The paper's text, one line per block, without the others' caret labels (they sit inside it). */
const editorText = (page: Page) =>
	editor(page).evaluate((element) => {
		const copy = element.cloneNode(true) as HTMLElement;
		copy.querySelectorAll('.remote-caret').forEach((node) => node.remove());
		return Array.from(copy.children, (block) => (block.textContent ?? '').replace(/\u2060/g, '')).join('\n');
	});
const syncState = (page: Page) => page.getByTestId('sync-status').getAttribute('data-state');
const WAIT = { timeout: 15_000, interval: 100 };

/** Opens a paper and waits until the editor has synced with the server. */
async function openPaper(page: Page, path: string): Promise<void> {
	if (new URL(page.url()).pathname !== path) await page.goto(path);
	await expect.poll(() => syncState(page), WAIT).toMatch(/^(connected|saved)$/);
	await editor(page).waitFor();
}

/** Types at the end of the text. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
	await editor(page).click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text, { delay: 5 });
}

describe('co-editing a paper', () => {
	test('two people see each other’s text and caret, and an offline edit merges on reconnect', { timeout: 120_000 }, async () => {
		const chair = await newPerson();
		const delegate = await newPerson();
		await login(chair, demo('vorsitz.empowerment'));
		await checkPage(chair, 'overview-chair');
		const path = await createPaper(chair, 'Gemeinsam geschrieben (Browsertest)', 'committee-chair');
		await openPaper(chair, path);

		await login(delegate, demo('delegiert1.empowerment'));
		await checkPage(delegate, 'overview-delegate');
		await openPaper(delegate, path);
		const chairName = (await chair.locator('.account-link').innerText()).trim();
		const delegateName = (await delegate.locator('.account-link').innerText()).trim();

		// Both are listed as present, each under the name the server took from the session.
		await expect.poll(() => chair.getByTestId('presence').innerText(), WAIT).toContain(delegateName);
		await expect.poll(() => delegate.getByTestId('presence').innerText(), WAIT).toContain(chairName);

		await typeAtEnd(chair, 'Der Vorsitz schreibt den ersten Satz.');
		await expect.poll(() => editorText(delegate), WAIT).toContain('Der Vorsitz schreibt den ersten Satz.');
		await chair.keyboard.press('Enter');
		await typeAtEnd(delegate, 'Die Delegierte ergänzt einen zweiten.');
		await expect.poll(() => editorText(chair), WAIT).toContain('Die Delegierte ergänzt einen zweiten.');

		// Each sees the other's caret, labelled with the other's name.
		await expect.poll(() => chair.locator('.remote-caret__label').allInnerTexts(), WAIT).toContain(delegateName);
		await expect.poll(() => delegate.locator('.remote-caret__label').allInnerTexts(), WAIT).toContain(chairName);
		await expect.poll(() => syncState(chair), WAIT).toBe('saved');
		await checkPage(chair, 'paper-editing-chair');
		await checkPage(delegate, 'paper-editing-delegate');

		// Offline: the delegate's edit stays in the browser while the chair goes on writing.
		await delegate.context().setOffline(true);
		await expect.poll(() => syncState(delegate), WAIT).toBe('offline');
		await delegate.keyboard.press('Enter');
		await typeAtEnd(delegate, 'Offline geschrieben, im Zug.');
		await checkPage(delegate, 'paper-offline');
		await typeAtEnd(chair, ' Der Vorsitz schreibt weiter.');
		// The chair's addition cannot reach the delegate while offline.
		await new Promise((r) => setTimeout(r, 500));
		expect(await editorText(delegate)).not.toContain('Der Vorsitz schreibt weiter.');
		expect(await editorText(chair)).not.toContain('Offline geschrieben');

		await delegate.context().setOffline(false);
		await expect.poll(() => syncState(delegate), WAIT).toMatch(/^(connected|saved)$/);
		for (const page of [chair, delegate]) {
			await expect.poll(() => editorText(page), WAIT).toContain('Offline geschrieben, im Zug.');
			await expect.poll(() => editorText(page), WAIT).toContain('Der Vorsitz schreibt weiter.');
		}
		await expect.poll(async () => (await editorText(chair)) === (await editorText(delegate)), WAIT).toBe(true);
		await expect.poll(() => syncState(delegate), WAIT).toBe('saved');

		// Nothing was lost on the way to the server: a reload shows the merged text.
		await chair.reload();
		await openPaper(chair, path);
		await expect.poll(() => editorText(chair), WAIT).toBe(await editorText(delegate));
		await checkPage(chair, 'paper-after-reload');
	});

	test('when the committee hands the paper over, a delegate who has it open can read but no longer type', { timeout: 120_000 }, async () => {
		const chair = await newPerson();
		const delegate = await newPerson();
		await login(chair, demo('vorsitz.bildung'));
		await checkPage(chair, 'overview-chair-bildung');
		const path = await createPaper(chair, 'Übergabe an die Geschäftsstelle (Browsertest)', 'committee-chair');
		await openPaper(chair, path);
		await typeAtEnd(chair, 'Fertig zur Endredaktion.');
		await expect.poll(() => syncState(chair), WAIT).toBe('saved');

		await login(delegate, demo('delegiert2.bildung'));
		await checkPage(delegate, 'overview-delegate-bildung');
		await openPaper(delegate, path);
		await expect.poll(() => editorText(delegate), WAIT).toContain('Fertig zur Endredaktion.');
		await expect(editor(delegate).getAttribute('contenteditable')).resolves.toBe('true');
		await expect(delegate.getByTestId('read-only-notice').count()).resolves.toBe(0);

		// The chair hands the draft to the federal office: delegates may only read from now on.
		const step = chair.getByTestId('step-toFinalisation');
		await Promise.all([
			chair.waitForURL((url) => url.searchParams.get('done') === 'toFinalisation'),
			step.locator('button[type="submit"]').click()
		]);
		await checkPage(chair, 'paper-finalisation-chair');

		// The delegate's open editor turns read-only without a reload.
		await delegate.getByTestId('read-only-notice').waitFor({ timeout: 15_000 });
		await expect.poll(() => editor(delegate).getAttribute('contenteditable'), WAIT).toBe('false');
		const before = await editorText(delegate);
		await editor(delegate).click();
		await delegate.keyboard.press('Control+End');
		await delegate.keyboard.type('Das darf nicht ankommen.');
		await delegate.keyboard.press('Enter');
		await checkPage(delegate, 'paper-read-only');
		expect(await editorText(delegate)).toBe(before);

		// Nothing reached the server: a fresh look shows the text as it was.
		await delegate.reload();
		await openPaper(delegate, path);
		await delegate.getByTestId('read-only-notice').waitFor();
		await expect.poll(() => editorText(delegate), WAIT).toContain('Fertig zur Endredaktion.');
		expect(await editorText(delegate)).not.toContain('Das darf nicht ankommen.');
		expect(await editorText(chair)).not.toContain('Das darf nicht ankommen.');
	});

	test('the offline copy of a paper belongs to the person, and goes when they log out', { timeout: 120_000 }, async () => {
		// One browser, two people after each other: a shared computer in a member organisation's office.
		const page = await newPerson();
		await login(page, demo('vorsitz.empowerment'));
		const path = await createPaper(page, 'Am geteilten Rechner geschrieben (Browsertest)', 'committee-chair');
		const paperId = path.split('/').pop()!;
		await openPaper(page, path);
		await typeAtEnd(page, 'Entwurf des Vorsitzes.');
		await expect.poll(() => syncState(page), WAIT).toBe('saved');
		const copies = () => page.evaluate(async (id) => (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.endsWith(id)), paperId);
		const chairCopies = await copies();
		// Named for the person as well as the paper, not for the paper alone.
		expect(chairCopies).toHaveLength(1);
		expect(chairCopies[0]).not.toBe(`mitsprache-paper-${paperId}`);

		await logout(page);
		await expect.poll(copies, WAIT).toEqual([]);

		// The next person at this computer starts from the server's text, in a copy of their own.
		await login(page, demo('delegiert1.empowerment'));
		await checkPage(page, 'overview-after-another-person');
		await openPaper(page, path);
		await expect.poll(() => editorText(page), WAIT).toContain('Entwurf des Vorsitzes.');
		await checkPage(page, 'paper-after-another-person');
		const delegateCopies = await copies();
		expect(delegateCopies).toHaveLength(1);
		expect(delegateCopies[0]).not.toBe(chairCopies[0]);
	});
});
