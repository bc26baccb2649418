// The foundation in a real browser against the production build: login (with and without
// JavaScript), the overview, a committee's members, the language switch and logout.
import { describe, expect, test } from 'vitest';
import { checkPage, demo, login, logout, newPerson, pageLanguage, DEMO_PASSWORD } from './harness.ts';

describe('login', () => {
	test('works without JavaScript', async () => {
		const page = await newPerson({ javaScriptEnabled: false });
		await page.goto('/login');
		await checkPage(page, 'login-nojs');
		await page.fill('input[name="email"]', demo('delegiert1.empowerment'));
		await page.fill('input[name="password"]', DEMO_PASSWORD);
		await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.click('form:has(input[name="password"]) button[type="submit"]')]);
		await expect(page.locator('h1').textContent()).resolves.toContain('Willkommen');
		await checkPage(page, 'overview-nojs');
	});

	test('a wrong password is refused with a message and the email is kept', async () => {
		const page = await newPerson();
		await page.goto('/login');
		await checkPage(page, 'login');
		await page.fill('input[name="email"]', demo('vertretung1'));
		await page.fill('input[name="password"]', 'not-the-password');
		await page.click('form:has(input[name="password"]) button[type="submit"]');
		await expect(page.locator('[role="alert"]').textContent()).resolves.toContain('E-Mail-Adresse oder Passwort ist falsch');
		expect(new URL(page.url()).pathname).toBe('/login');
		await expect(page.inputValue('input[name="email"]')).resolves.toBe(demo('vertretung1'));
		await checkPage(page, 'login-wrong-password');
	});
});

test('the overview shows my committees and a committee page lists its members', async () => {
	const page = await newPerson();
	await login(page, demo('delegiert1.bildung'));
	await checkPage(page, 'overview');
	const committees = page.getByTestId('my-committees');
	await expect(committees.locator('li').count()).resolves.toBe(1);
	const link = committees.locator('a').first();
	const name = (await link.textContent())!.trim();
	expect(name).toMatch(/Bildung/);

	await Promise.all([page.waitForURL(/\/committees\/[^/]+$/), link.click()]);
	await expect(page.locator('h1').textContent()).resolves.toBe(name);
	const members = page.getByTestId('committee-members');
	await expect(members.textContent()).resolves.toContain('Delegierte 1');
	await expect(members.textContent()).resolves.toContain('Delegierte 2');
	await expect(members.textContent()).resolves.toContain('Vorsitz');
	await checkPage(page, 'committee');
});

test('the language switches to English and back, and is remembered after a reload', async () => {
	const page = await newPerson();
	await login(page, demo('delegiert2.teilhabe'));
	await checkPage(page, 'overview-de');
	await expect(pageLanguage(page)).resolves.toBe('de');

	await page.getByTestId('language-switch').click();
	await page.waitForFunction(() => document.documentElement.lang === 'en');
	await expect(page.locator('h1').textContent()).resolves.toContain('Welcome');
	await checkPage(page, 'overview-en');
	await page.reload();
	await expect(pageLanguage(page)).resolves.toBe('en');
	await expect(page.locator('form[action="/logout"] button').textContent()).resolves.toContain('Log out');

	await page.getByTestId('language-switch').click();
	await page.waitForFunction(() => document.documentElement.lang === 'de');
	await page.reload();
	await expect(pageLanguage(page)).resolves.toBe('de');
	await expect(page.locator('h1').textContent()).resolves.toContain('Willkommen');
	await checkPage(page, 'overview-de');
});

test('logout ends the session', async () => {
	const page = await newPerson();
	await login(page, demo('delegiert2.arbeit'));
	await checkPage(page, 'overview');
	await logout(page);
	await checkPage(page, 'login-after-logout');
	await page.goto('/committees');
	// Signed out, the committees are out of reach again.
	expect(new URL(page.url()).pathname).not.toBe('/committees');
	await checkPage(page, 'committees-signed-out');
});

test('on a phone the navigation sits behind a menu button', async () => {
	const page = await newPerson({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	await login(page, demo('delegiert1.teilhabe'));
	const toggle = page.locator('button.menu-toggle');
	await expect(toggle.isVisible()).resolves.toBe(true);
	await expect(page.locator('#main-nav').isVisible()).resolves.toBe(false);
	await checkPage(page, 'overview-phone');
	await toggle.click();
	await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
	await expect(page.locator('#main-nav a[href="/committees"]').isVisible()).resolves.toBe(true);
	await checkPage(page, 'overview-phone-menu');
});
