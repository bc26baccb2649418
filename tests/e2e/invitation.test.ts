// The way into the app: an admin invites a person with a committee membership and finds the
// invitation in the audit log; in another browser the invitation is accepted; the new person logs
// in, finds the committee, switches the language and logs out.
import { expect, test } from 'vitest';
import { ADMIN, checkPage, login, logout, newPerson, pageLanguage } from './harness.ts';

const COMMITTEE = 'Bildung';

test('an admin invites a person, who accepts, logs in, sees the committee, switches the language and logs out', { timeout: 120_000 }, async () => {
	const email = `nora.neu.${Date.now()}@example.org`;
	const password = 'ein-langes-passwort-2026';

	// The admin finds the invitation form through the navigation.
	const admin = await newPerson();
	await login(admin, ADMIN);
	await checkPage(admin, 'overview-admin');
	await Promise.all([admin.waitForURL((url) => url.pathname === '/admin'), admin.locator('#main-nav a[href="/admin"]').click()]);
	await checkPage(admin, 'admin');
	await Promise.all([admin.waitForURL((url) => url.pathname === '/admin/people'), admin.locator('main a[href="/admin/people"]').first().click()]);
	await checkPage(admin, 'admin-people');
	await Promise.all([admin.waitForURL((url) => url.pathname === '/admin/people/invite'), admin.getByTestId('invite-person').click()]);
	await checkPage(admin, 'admin-invite');

	const form = admin.getByTestId('invite-form');
	await form.locator('input[name="email"]').fill(email);
	await form.locator('input[name="name"]').fill('Nora Neu');
	await form.locator('select[name="organisationId"]').selectOption({ index: 1 });
	await form.getByLabel(COMMITTEE, { exact: true }).selectOption('delegate');
	await form.locator('button[type="submit"]').click();
	const link = admin.getByTestId('invitation-link');
	await link.waitFor();
	const href = (await link.getAttribute('href'))!;
	expect(href).toMatch(/\/invite\/[^/]+$/);
	await checkPage(admin, 'admin-invited');

	// The audit log names the invitation in words, with its code beside it for support questions.
	await admin.goto('/admin/audit');
	const created = admin.getByTestId('audit-entries').locator('tr', { hasText: email });
	// In the admin's language (remembered on the account, which other browser tests share).
	const english = (await pageLanguage(admin)) === 'en';
	const label = english ? 'Invitation created' : 'Einladung erstellt';
	await expect(created.getByTestId('audit-action').innerText()).resolves.toMatch(new RegExp(`^${label}\\s+invitation\\.create$`));
	// The kind of object in words too, in the table and in the filter (whose value stays the code).
	const objectType = english ? 'Invitation' : 'Einladung';
	await expect(created.getByTestId('audit-object').locator('a').first().innerText()).resolves.toBe(objectType);
	await expect(admin.locator('#filter-objectType option[value="invitation"]').innerText()).resolves.toBe(objectType);
	await checkPage(admin, 'admin-audit');

	// Someone else's browser: the invitation link, name and password, and in.
	const nora = await newPerson();
	await nora.goto(new URL(href, admin.url()).pathname);
	await checkPage(nora, 'invite-accept');
	const accept = nora.getByTestId('accept-invitation');
	await expect(accept.locator('input[name="name"]').inputValue()).resolves.toBe('Nora Neu');
	await accept.locator('input[name="password"]').fill(password);
	await accept.locator('input[name="passwordConfirm"]').fill(password);
	await accept.locator('select[name="language"]').selectOption('de');
	await Promise.all([nora.waitForURL((url) => !url.pathname.startsWith('/invite/')), accept.locator('button[type="submit"]').click()]);
	await checkPage(nora, 'overview-invited');
	await expect(nora.locator('.account-link').innerText()).resolves.toBe('Nora Neu');
	await logout(nora);
	await checkPage(nora, 'login-after-invite');

	// The link was for one use only.
	await nora.goto(new URL(href, admin.url()).pathname);
	await expect(nora.locator('[role="alert"]').innerText()).resolves.toMatch(/bereits verwendet|nicht gültig|ungültig/);
	await checkPage(nora, 'invite-used');

	// Logging in again with the new password: the committee is there.
	await login(nora, email, password);
	const committees = nora.getByTestId('my-committees');
	await expect(committees.innerText()).resolves.toContain(COMMITTEE);
	await checkPage(nora, 'overview-invited-again');
	await Promise.all([nora.waitForURL(/\/committees\/[^/]+$/), committees.locator('a', { hasText: COMMITTEE }).click()]);
	await expect(nora.getByTestId('committee-members').innerText()).resolves.toContain('Nora Neu');
	await checkPage(nora, 'committee-invited');

	await nora.getByTestId('language-switch').click();
	await nora.waitForFunction(() => document.documentElement.lang === 'en');
	await expect(nora.locator('h2#members').innerText()).resolves.toBe('Members');
	await checkPage(nora, 'committee-invited-en');
	await nora.reload();
	await expect(pageLanguage(nora)).resolves.toBe('en');

	await logout(nora);
	await checkPage(nora, 'login-en');
	await expect(nora.locator('h1').innerText()).resolves.toBe('Log in');
});
