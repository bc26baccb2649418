// What the browser tests share: one Chromium per test file, a fresh context per person, login,
// screenshots, and an axe-core check of every page a test visits (WCAG 2.1 A and AA: a serious or
// critical violation fails the test). setup.ts fails a test that visited a page it did not check,
// or whose page threw an uncaught error or broke the Content-Security-Policy.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import axe from 'axe-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const DEMO_PASSWORD = 'mitsprache-demo';
export const demo = (local: string) => `${local}@mitsprache.test`;
export const ADMIN = demo('admin');

const E2E_DIR = fileURLToPath(new URL('.', import.meta.url));
const SCREENSHOTS = join(E2E_DIR, 'screenshots');
const AXE_REPORTS = join(E2E_DIR, '..', '..', 'test-results', 'axe');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const baseUrl = () => inject('baseUrl');

let browser: Promise<Browser> | undefined;

function getBrowser(): Promise<Browser> {
	// launch() gives every browser a fresh temporary profile (user data dir).
	browser ??= launchChromium();
	return browser;
}

export async function closeBrowser(): Promise<void> {
	const b = browser;
	browser = undefined;
	if (b) await (await b).close();
}

interface Tracked {
	page: Page;
	visited: Set<string>;
	checked: Set<string>;
	problems: string[];
	allowedErrors: RegExp[];
	javaScript: boolean;
}
const tracked: Tracked[] = [];

const pathOf = (url: string) => (url.startsWith('http') ? new URL(url).pathname : null);

/** A new person: a browser context of their own (own cookies, own storage), German by default. */
export async function newPerson(options: BrowserContextOptions = {}): Promise<Page> {
	const context = await (await getBrowser()).newContext({
		baseURL: baseUrl(),
		locale: 'de-DE',
		viewport: { width: 1280, height: 800 },
		...options
	});
	context.setDefaultTimeout(10_000);
	context.setDefaultNavigationTimeout(20_000);
	const page = await context.newPage();
	const entry: Tracked = { page, visited: new Set(), checked: new Set(), problems: [], allowedErrors: [], javaScript: options.javaScriptEnabled !== false };
	tracked.push(entry);
	page.on('framenavigated', (frame) => {
		const path = frame === page.mainFrame() ? pathOf(frame.url()) : null;
		if (path) entry.visited.add(path);
	});
	page.on('pageerror', (err) => {
		if (!entry.allowedErrors.some((re) => re.test(err.message))) entry.problems.push(`uncaught error on ${page.url()}: ${err.message}`);
	});
	page.on('console', (msg) => {
		if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) entry.problems.push(`CSP violation on ${page.url()}: ${msg.text()}`);
	});
	return page;
}

/** Errors a test provokes on purpose (for example while offline) that must not fail it. */
export function allowPageErrors(page: Page, pattern: RegExp): void {
	tracked.find((t) => t.page === page)?.allowedErrors.push(pattern);
}

/**
 * Closes every person's context; returns what went wrong (unchecked pages, page errors). After a
 * failed test, each person's page is saved as screenshots/failed-<test>-<n>.png first.
 */
export async function finishPeople(failedTest?: string): Promise<string[]> {
	const problems: string[] = [];
	for (const [i, t] of tracked.splice(0).entries()) {
		if (failedTest && !t.page.isClosed()) {
			const name = `failed-${failedTest.replace(/[^\w-]+/g, '-').slice(0, 60)}-${i + 1}.png`;
			await t.page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true, timeout: 5_000 }).catch(() => {});
		}
		const unchecked = [...t.visited].filter((p) => !t.checked.has(p));
		if (unchecked.length) problems.push(`visited without an accessibility check: ${unchecked.join(', ')}`);
		problems.push(...t.problems);
		await t.page.context().close().catch(() => {});
	}
	return problems;
}

interface Violation {
	id: string;
	impact: string | null;
	help: string;
	helpUrl: string;
	nodes: { target: string; html: string; summary: string }[];
}

async function runAxe(page: Page): Promise<Violation[]> {
	// evaluate() runs outside the page's CSP, so axe needs no 'unsafe-eval' or script tag.
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
	return page.evaluate(async (tags) => {
		const w = window as unknown as { axe: typeof axe };
		const result = await w.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
		return result.violations.map((v) => ({
			id: v.id,
			impact: v.impact ?? null,
			help: v.help,
			helpUrl: v.helpUrl,
			nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary ?? '' }))
		}));
	}, WCAG_TAGS);
}

/**
 * evaluate() hangs in a page without JavaScript, so axe runs on a copy of that page's DOM (scripts
 * removed) served at the same URL in a page that has JavaScript, with the same styles.
 */
async function runAxeOnCopy(page: Page): Promise<Violation[]> {
	const url = page.url();
	const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
	const context = await (await getBrowser()).newContext({ viewport: page.viewportSize() ?? undefined });
	try {
		const copy = await context.newPage();
		await copy.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
		await copy.goto(url);
		return await runAxe(copy);
	} finally {
		await context.close();
	}
}

function describe(violations: Violation[]): string {
	return violations
		.map((v) => {
			const nodes = v.nodes.map((n) => `    - ${n.target}: ${n.html}\n      ${n.summary.replace(/\n/g, '\n      ')}`).join('\n');
			return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
		})
		.join('\n');
}

const checkedNames = new Set<string>();

/**
 * Screenshot to tests/e2e/screenshots/<name>.png, then axe-core with the WCAG 2.1 A/AA rules.
 * Serious and critical violations throw; all violations are written to test-results/axe/<name>.json.
 * `once`: a page that looks the same for everyone (the login form) is checked once per test file;
 * injecting axe into a freshly loaded page costs seconds on a busy machine.
 */
export async function checkPage(page: Page, name: string, options: { once?: boolean } = {}): Promise<void> {
	const entry = tracked.find((t) => t.page === page);
	const path = pathOf(page.url());
	if (options.once && checkedNames.has(name)) {
		if (path) entry?.checked.add(path);
		return;
	}
	checkedNames.add(name);
	await page.waitForLoadState('load');
	mkdirSync(SCREENSHOTS, { recursive: true });
	await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
	const violations = entry?.javaScript === false ? await runAxeOnCopy(page) : await runAxe(page);
	mkdirSync(AXE_REPORTS, { recursive: true });
	writeFileSync(join(AXE_REPORTS, `${name}.json`), JSON.stringify({ url: page.url(), violations }, null, 2));
	if (path) entry?.checked.add(path);
	const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	if (blocking.length) throw new Error(`accessibility violations on ${name} (${page.url()}):\n${describe(blocking)}`);
}

/** Logs in through the login form and waits until the app has left the login page. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await checkPage(page, 'login', { once: true });
	await page.fill('input[name="email"]', email);
	await page.fill('input[name="password"]', password);
	await Promise.all([
		page.waitForURL((url) => url.pathname !== '/login'),
		page.click('form:has(input[name="password"]) button[type="submit"]')
	]);
}

/** Logs out with the header's button and waits for the login page. */
export async function logout(page: Page): Promise<void> {
	await Promise.all([page.waitForURL((url) => url.pathname === '/login'), page.click('form[action="/logout"] button')]);
}

/** The page's language as the server rendered it (html lang). */
export const pageLanguage = (page: Page) => page.locator('html').getAttribute('lang');

/**
 * A chair creates a fresh paper from their first committee's page (checked as `committeePage`),
 * so that tests never share one; returns the paper's path.
 */
export async function createPaper(chair: Page, title: string, committeePage: string): Promise<string> {
	await chair.getByTestId('my-committees').locator('a').first().click();
	await chair.waitForURL(/\/committees\/[^/]+$/);
	await checkPage(chair, committeePage);
	await chair.locator('details.new-paper summary').click();
	const form = chair.getByTestId('new-paper');
	await form.locator('input[name="title"]').fill(title);
	await form.locator('select[name="type"]').selectOption('position_paper');
	await Promise.all([chair.waitForURL(/\/papers\/[^/]+$/), form.locator('button[type="submit"]').click()]);
	return new URL(chair.url()).pathname;
}
