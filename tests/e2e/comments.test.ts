// Comment threads in the browser, two people on one paper: one comments on a passage; the other
// sees the highlight and the thread appear without reloading, and replies with an @mention; the
// first gets the notification, opens it, and resolves the thread, which the other sees at once.
// On the way, a comment that tries to be markup stays text.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage, demo, login, newPerson } from './harness.ts';

const WAIT = { timeout: 15_000, interval: 100 };
/** What "live" promises: within two seconds, without a reload. */
const LIVE = { timeout: 2_000, interval: 50 };

const syncState = (page: Page) => page.getByTestId('sync-status').getAttribute('data-state');
const threads = (page: Page) => page.getByTestId('comments-panel').getByTestId('comment-thread');

async function openPaper(page: Page, path: string): Promise<void> {
	if (new URL(page.url()).pathname !== path) await page.goto(path);
	await expect.poll(() => syncState(page), WAIT).toMatch(/^(connected|saved)$/);
	await page.getByTestId('comments-panel').waitFor();
}

async function newPaper(chair: Page, title: string, text: string): Promise<string> {
	await chair.getByTestId('my-committees').locator('a').first().click();
	await chair.waitForURL(/\/committees\/[^/]+$/);
	await checkPage(chair, 'committee-chair', { once: true });
	await chair.locator('details.new-paper summary').click();
	const form = chair.getByTestId('new-paper');
	await form.locator('input[name="title"]').fill(title);
	await form.locator('select[name="type"]').selectOption('statement');
	await Promise.all([chair.waitForURL(/\/papers\/[^/]+$/), form.locator('button[type="submit"]').click()]);
	const path = new URL(chair.url()).pathname;
	await openPaper(chair, path);
	await chair.getByTestId('editor').click();
	await chair.keyboard.press('Control+End');
	await chair.keyboard.type(text, { delay: 2 });
	await expect.poll(() => syncState(chair), WAIT).toBe('saved');
	return path;
}

/** Selects a piece of the paper's text the way a mouse would (the browser's selection). */
async function selectText(page: Page, needle: string): Promise<void> {
	await page.getByTestId('editor').click();
	await page.getByTestId('editor').evaluate((root, needle) => {
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const at = node.textContent!.indexOf(needle);
			if (at < 0) continue;
			const range = document.createRange();
			range.setStart(node, at);
			range.setEnd(node, at + needle.length);
			const selection = window.getSelection()!;
			selection.removeAllRanges();
			selection.addRange(range);
			return;
		}
		throw new Error(`not in the text: ${needle}`);
	}, needle);
	await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe(needle);
}

describe('comment threads', () => {
	test('comment, see it live, reply with a mention, get notified, open and resolve', { timeout: 180_000 }, async () => {
		const chair = await newPerson();
		const delegate = await newPerson();
		const dialogs: string[] = [];
		for (const page of [chair, delegate]) page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));

		await login(chair, demo('vorsitz.bildung'));
		await checkPage(chair, 'overview-chair', { once: true });
		const title = `Kommentare im Browser ${Date.now().toString(36)}`;
		const path = await newPaper(chair, title, 'Wir fordern gebührenfreie Kitas in jedem Bundesland. Und mehr Personal.');

		await login(delegate, demo('delegiert2.bildung'));
		await checkPage(delegate, 'overview-delegate', { once: true });
		await openPaper(delegate, path);
		await expect.poll(() => delegate.getByTestId('editor').innerText(), WAIT).toContain('gebührenfreie Kitas');

		// The chair comments on a passage.
		await selectText(chair, 'gebührenfreie Kitas');
		await chair.getByTestId('comment-start').click();
		const draft = chair.getByTestId('comment-draft');
		await expect.poll(() => draft.locator('blockquote').innerText()).toBe('gebührenfreie Kitas');
		const attack = 'Genauer fassen, siehe https://example.org/kita-studie. <img src=x onerror=alert(1)> [x](javascript:alert(2)) javascript:alert(3)';
		await draft.locator('textarea').fill(attack);
		await checkPage(chair, 'comment-draft');
		await chair.getByTestId('comment-send').click();
		await expect.poll(() => threads(chair).count(), WAIT).toBe(1);
		const sentAt = Date.now();

		// The delegate sees the thread and its highlighted passage appear, without reloading.
		await expect.poll(() => threads(delegate).count(), LIVE).toBe(1);
		await expect.poll(() => delegate.locator('.paper-text .comment-highlight').allInnerTexts(), LIVE).toEqual(['gebührenfreie Kitas']);
		expect(Date.now() - sentAt).toBeLessThan(2_500);
		const thread = threads(delegate).first();
		await expect.poll(() => thread.locator('.comment-text').first().innerText()).toBe(attack);
		// Nothing typed became markup: no image, one link (http only), rel set.
		expect(await delegate.getByTestId('comments-panel').locator('img').count()).toBe(0);
		const links = await thread.locator('.comment-text a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('rel')]));
		expect(links).toEqual([['https://example.org/kita-studie', 'noopener noreferrer nofollow']]);
		await checkPage(delegate, 'paper-comment-seen');

		// Clicking the highlight focuses its thread.
		await delegate.locator('.paper-text .comment-highlight').click();
		await expect.poll(() => thread.getAttribute('class'), WAIT).toContain('active');

		// The delegate replies and mentions the chair through the completion list.
		await thread.getByTestId('reply-open').click();
		const reply = thread.locator('form.reply-form textarea');
		await reply.pressSequentially('Einverstanden, @Vors', { delay: 10 });
		const option = delegate.getByTestId('mention-suggestions').getByRole('option', { name: 'Vorsitz Bildung' });
		await option.waitFor();
		await checkPage(delegate, 'comment-mention-completion');
		await reply.press('Enter');
		await expect.poll(() => reply.inputValue()).toBe('Einverstanden, @Vorsitz Bildung ');
		await reply.pressSequentially('was meinen Sie?', { delay: 5 });
		await thread.getByTestId('reply-send').click();
		await expect.poll(() => thread.getByTestId('comment').count(), WAIT).toBe(2);
		const repliedAt = Date.now();
		await expect.poll(() => threads(chair).first().getByTestId('comment').count(), LIVE).toBe(2);
		expect(Date.now() - repliedAt).toBeLessThan(2_500);
		await expect.poll(() => threads(chair).first().locator('.mention').allInnerTexts()).toEqual(['@Vorsitz Bildung']);

		// The chair gets the notification, opens it, lands on the thread and resolves it.
		await chair.goto('/notifications');
		await expect.poll(async () => Number(await chair.getByTestId('notification-bell').getAttribute('data-count'))).toBeGreaterThan(0);
		const mention = chair.getByTestId('notification').filter({ hasText: title }).and(chair.locator('[data-kind="comment.mention"]'));
		await expect.poll(() => mention.count(), WAIT).toBe(1);
		await checkPage(chair, 'notifications');
		await Promise.all([chair.waitForURL((url) => url.pathname === path && url.hash.startsWith('#thread-')), mention.locator('a').click()]);
		await openPaper(chair, path);
		const opened = threads(chair).first();
		await expect.poll(() => opened.getAttribute('class'), WAIT).toContain('active');
		await checkPage(chair, 'paper-thread-from-notification');
		await opened.getByTestId('thread-resolve').click();
		await expect.poll(() => threads(delegate).count(), LIVE).toBe(0);
		await expect.poll(() => delegate.locator('.paper-text .comment-highlight').count(), LIVE).toBe(0);
		// Read once, the notification no longer counts as unread.
		await chair.goto('/notifications');
		await expect.poll(() => mention.getAttribute('class')).not.toContain('unread');
		await checkPage(chair, 'notifications-read');

		// The resolved thread stays findable under its filter, and on the list page.
		await delegate.getByLabel(/Erledigt \(1\)/).check();
		await expect.poll(() => threads(delegate).count(), WAIT).toBe(1);
		await expect.poll(() => threads(delegate).first().getByTestId('thread-resolved').innerText()).toContain('Vorsitz Bildung');
		await delegate.goto(`${path}/comments`);
		await expect.poll(() => delegate.getByTestId('comment-thread').count()).toBe(1);
		await checkPage(delegate, 'comments-list');
		expect(dialogs).toEqual([]);
	});

	test('a delegate comments from a read-only editor (finalisation)', { timeout: 180_000 }, async () => {
		const chair = await newPerson();
		const delegate = await newPerson();
		await login(chair, demo('vorsitz.bildung'));
		await checkPage(chair, 'overview-chair', { once: true });
		const path = await newPaper(chair, `Nur lesend kommentiert ${Date.now().toString(36)}`, 'Die Endredaktion prüft jeden Satz.');
		const step = chair.getByTestId('step-toFinalisation');
		await Promise.all([chair.waitForURL((url) => url.searchParams.get('done') === 'toFinalisation'), step.locator('button[type="submit"]').click()]);
		await openPaper(chair, `${path}`);
		await checkPage(chair, 'paper-finalisation-chair');

		await login(delegate, demo('delegiert1.bildung'));
		await checkPage(delegate, 'overview-delegate', { once: true });
		await openPaper(delegate, path);
		await delegate.getByTestId('read-only-notice').waitFor();
		expect(await delegate.getByTestId('editor').getAttribute('contenteditable')).toBe('false');
		await expect.poll(() => delegate.getByTestId('editor').innerText(), WAIT).toContain('jeden Satz');

		await selectText(delegate, 'jeden Satz');
		await delegate.keyboard.press('Control+Alt+m');
		const draft = delegate.getByTestId('comment-draft');
		await expect.poll(() => draft.locator('blockquote').innerText(), WAIT).toBe('jeden Satz');
		await draft.locator('textarea').fill('Auch lesend kann ich kommentieren.');
		await delegate.getByTestId('comment-send').click();
		await expect.poll(() => threads(delegate).count(), WAIT).toBe(1);
		await expect.poll(() => delegate.locator('.paper-text .comment-highlight').allInnerTexts(), WAIT).toEqual(['jeden Satz']);
		await checkPage(delegate, 'paper-readonly-comment');
		await expect.poll(() => threads(chair).count(), LIVE).toBe(1);
		await expect.poll(() => chair.locator('.paper-text .comment-highlight').allInnerTexts(), LIVE).toEqual(['jeden Satz']);

		// Without JavaScript the list page takes replies, and keeps the text of a refused one.
		const plain = await newPerson({ javaScriptEnabled: false });
		await login(plain, demo('delegiert2.bildung'));
		await checkPage(plain, 'overview-nojs', { once: true });
		await plain.goto(`${path}/comments`);
		await checkPage(plain, 'comments-list-nojs');
		const form = plain.getByTestId('comment-thread').locator('form.reply-form');
		await form.locator('textarea').fill('x'.repeat(5001));
		await Promise.all([plain.waitForLoadState('load'), form.getByTestId('reply-send').click()]);
		await expect.poll(() => plain.locator('[role="alert"]').first().innerText()).toContain('5000');
		expect((await form.locator('textarea').inputValue()).length).toBe(5001);
		await checkPage(plain, 'comments-list-nojs-refused');
		await form.locator('textarea').fill('Ohne JavaScript geantwortet.');
		await Promise.all([plain.waitForLoadState('load'), form.getByTestId('reply-send').click()]);
		await expect.poll(() => plain.getByTestId('comment-thread').getByTestId('comment').allInnerTexts()).toHaveLength(2);
		await expect.poll(() => threads(chair).first().getByTestId('comment').count(), LIVE).toBe(2);
	});
});
