// Layout in a real browser: the admin's header fits on one row at 1280 px (German and English),
// and a paper with a long German compound as its title does not scroll sideways on a phone.
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
		// The chair creates the paper at a desk (on a phone the committee's members table scrolls inside
		// its frame, which axe flags as scrollable-region-focusable: a finding outside this test) ...
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
});
