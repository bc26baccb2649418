// Layout in a real browser: the admin's header fits on one row at 1280 px (German and English),
// a paper with a long German compound as its title does not scroll sideways on a phone, and a table
// that is wider than the phone scrolls sideways by keyboard.
import { mkdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, checkPage, createPaper, demo, login, newPerson, pageLanguage } from './harness.ts';

/** The top of every item in the header's row: the brand, each nav link, the tools. */
async function headerTops(page: Page): Promise<{ name: string; y: number; height: number }[]> {
	return page.locator('.app-header').evaluate((header) => {
		const items = header.querySelectorAll<HTMLElement>('.brand, #main-nav a, .header-tools > *');
		return Array.from(items, (el) => {
			const box = el.getBoundingClientRect();
			return { name: (el.textContent ?? '').trim() || el.className, y: box.top + box.height / 2, height: box.height };
		});
	});
}

async function expectOneRow(page: Page): Promise<void> {
	const items = await headerTops(page);
	expect(items.length).toBeGreaterThanOrEqual(10);
	const centres = items.map((item) => item.y);
	// All items are centred on one line (within a few px): nothing wrapped onto a second row.
	expect(Math.max(...centres) - Math.min(...centres), JSON.stringify(items)).toBeLessThanOrEqual(4);
	const headerHeight = await page.locator('.app-header').evaluate((el) => el.getBoundingClientRect().height);
	const tallest = Math.max(...items.map((item) => item.height));
	expect(headerHeight).toBeLessThan(tallest + 32);
	// Nothing sticks out sideways either.
	await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
}

describe('layout', () => {
	test('at 1280 px the admin’s header is one row, in German and in English', async () => {
		const page = await newPerson({ viewport: { width: 1280, height: 800 } });
		await login(page, ADMIN);
		await checkPage(page, 'layout-overview-admin-de');
		await page.goto('/admin');
		await expect(pageLanguage(page)).resolves.toBe('de');
		await expect(page.locator('#main-nav a').count()).resolves.toBe(6);
		await expectOneRow(page);
		await checkPage(page, 'layout-header-admin-de');

		await page.getByTestId('language-switch').click();
		await expect.poll(() => pageLanguage(page)).toBe('en');
		await expect.poll(() => page.locator('#main-nav a[href="/admin"]').innerText()).not.toBe('Verwaltung');
		await expectOneRow(page);
		await checkPage(page, 'layout-header-admin-en');

		// Narrower than a desk but wider than a phone, nothing sticks out sideways.
		await page.setViewportSize({ width: 900, height: 800 });
		await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
		await checkPage(page, 'layout-header-admin-en-900');

		// The language is remembered on the account, which other browser tests share: back to German.
		await page.getByTestId('language-switch').click();
		await expect.poll(() => pageLanguage(page)).toBe('de');
	});

	test('on a phone a paper with a long compound title does not scroll sideways', { timeout: 60_000 }, async () => {
		const title = 'Bundesteilhabegesetzänderungsempfehlungsstellungnahme der Arbeitsgemeinschaft';
		// The chair creates the paper at a desk ...
		const chair = await newPerson({ viewport: { width: 1280, height: 800 } });
		await login(chair, demo('vorsitz.empowerment'));
		await checkPage(chair, 'layout-overview-chair');
		await createPaper(chair, title, 'layout-committee-chair');
		// ... and opens it again on a 390 px wide phone.
		await chair.setViewportSize({ width: 390, height: 844 });
		await chair.reload();
		await expect(chair.locator('h1').innerText()).resolves.toContain('Bundesteilhabegesetz');
		const fits = () => chair.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
		await expect(fits()).resolves.toBe(true);
		const h1 = await chair.locator('h1').evaluate((el) => el.getBoundingClientRect().right);
		expect(h1).toBeLessThanOrEqual(390);
		await checkPage(chair, 'layout-paper-long-title-phone');

		// The list of papers shows the same title without overflowing.
		await chair.goto('/papers');
		await expect(chair.getByText('Bundesteilhabegesetz', { exact: false }).first().isVisible()).resolves.toBe(true);
		await expect(fits()).resolves.toBe(true);
		await checkPage(chair, 'layout-papers-long-title-phone');
	});

	test('on a phone a wide table is a named tab stop that the arrow keys scroll sideways', { timeout: 60_000 }, async () => {
		const admin = await newPerson({ viewport: { width: 390, height: 844 } });
		await login(admin, ADMIN);
		await checkPage(admin, 'layout-overview-admin-phone');
		await admin.goto('/admin/committees');
		await checkPage(admin, 'layout-admin-committees-phone');
		await Promise.all([admin.waitForURL(/\/admin\/committees\/[^/]+$/), admin.getByTestId('committees').getByRole('link', { name: 'Bildung' }).click()]);
		// The language is remembered on the account, which other browser tests share.
		const name = (await pageLanguage(admin)) === 'en' ? 'Table: Members' : 'Tabelle: Mitglieder';
		const region = admin.getByRole('region', { name });
		await expect(region.locator('[data-testid="admin-committee-members"]').count()).resolves.toBe(1);
		// The table is wider than its frame; the page itself does not scroll sideways.
		await expect(region.evaluate((el) => el.scrollWidth > el.clientWidth + 50)).resolves.toBe(true);
		await expect(admin.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);

		// Tab from the top of the page until the frame has focus (before anything inside it).
		const focused = () => region.evaluate((el) => el === document.activeElement);
		let tabs = 0;
		while (!(await focused())) {
			expect(tabs++, 'the table frame is reachable with Tab').toBeLessThan(60);
			await admin.keyboard.press('Tab');
		}
		await expect(region.evaluate((el) => el.matches(':focus-visible'))).resolves.toBe(true);
		const scrollLeft = () => region.evaluate((el) => el.scrollLeft);
		expect(await scrollLeft()).toBe(0);
		await admin.keyboard.press('ArrowRight');
		await expect.poll(scrollLeft).toBeGreaterThan(0);
		// More of them reach the last column (the browser animates each step, hence the polling).
		const end = await region.evaluate((el) => el.scrollWidth - el.clientWidth);
		for (let i = 0; i < 20; i++) await admin.keyboard.press('ArrowRight');
		await expect.poll(scrollLeft).toBeGreaterThanOrEqual(end - 1);
		const lastColumn = await region.evaluate((el) => {
			const frame = el.getBoundingClientRect();
			const cell = el.querySelector('th:last-child')!.getBoundingClientRect();
			return { frameRight: frame.right, cellRight: cell.right };
		});
		expect(lastColumn.cellRight).toBeLessThanOrEqual(lastColumn.frameRight + 1);
		// Still the frame that has focus: the keys scrolled it, they did not move focus.
		await expect(focused()).resolves.toBe(true);

		mkdirSync('test-results', { recursive: true });
		await admin.screenshot({ path: 'test-results/layout-table-focused-phone.png' });
		await checkPage(admin, 'layout-admin-committee-phone');
	});
});
