// A paper's whole way to the public in a real browser: the chair hands the draft to
// finalisation, the policy officer opens a ballot with a short deadline, three representatives
// vote (one changes its vote), the deadline passes and the server closes the ballot by itself,
// the paper is adopted, the officer publishes it, and a visitor without an account reads it.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage, createPaper, demo, login, newPerson } from './harness.ts';
import { toLocalDateTime } from '../../server/ballots/time.ts';

const WAIT = { timeout: 20_000, interval: 200 };
const TITLE = `Teilhabe braucht Mitsprache (Browsertest ${Date.now().toString(36)})`;
const SENTENCE = 'Wir fordern verbindliche Beteiligung migrantischer Selbstorganisationen.';

async function write(page: Page, text: string): Promise<void> {
	const syncState = () => page.getByTestId('sync-status').getAttribute('data-state');
	await expect.poll(syncState, WAIT).toMatch(/^(connected|saved)$/);
	await page.getByTestId('editor').click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text, { delay: 5 });
	await expect.poll(syncState, WAIT).toBe('saved');
}

/** A representative opens the ballot from the "to decide" page and casts (or changes) the vote. */
async function vote(page: Page, choice: 'endorse' | 'abstain' | 'reject', statement: string, shot?: string): Promise<void> {
	if (new URL(page.url()).pathname !== '/ballots') await page.goto('/ballots');
	await checkPage(page, 'journey-to-decide', { once: true });
	const row = page.getByTestId('to-decide').locator('tr', { hasText: TITLE });
	await Promise.all([page.waitForURL(/\/ballots\/[^/]+$/), row.locator('a').click()]);
	await checkPage(page, 'journey-ballot-representative', { once: true });
	const form = page.getByTestId('vote-form');
	await form.locator(`input[name="choice"][value="${choice}"]`).check();
	await form.locator('textarea[name="statement"]').fill(statement);
	await form.locator('button[type="submit"]').click();
	await expect.poll(() => page.getByTestId('vote-saved').isVisible(), WAIT).toBe(true);
	if (shot) await checkPage(page, shot);
	await page.goto('/ballots');
	await checkPage(page, 'journey-to-decide', { once: true });
}

test('draft → finalisation → ballot → adopted → published, and the public page', { timeout: 300_000 }, async () => {
	// Everyone signs in first: logins are slow (argon2) and the ballot's minute must suffice.
	const reps = [await newPerson(), await newPerson(), await newPerson()];
	for (const [i, rep] of reps.entries()) {
		await login(rep, demo(`vertretung${i + 1}`));
		await checkPage(rep, 'journey-overview', { once: true });
	}
	const late = await newPerson({ javaScriptEnabled: false });
	await login(late, demo('vertretung4'));
	await checkPage(late, 'journey-overview-nojs', { once: true });

	// The chair writes a little and hands the draft over.
	const chair = await newPerson();
	await login(chair, demo('vorsitz.teilhabe'));
	await checkPage(chair, 'journey-overview', { once: true });
	const paperPath = await createPaper(chair, TITLE, 'journey-committee');
	await checkPage(chair, 'journey-draft-chair');
	await write(chair, SENTENCE);
	const handOver = chair.getByTestId('step-toFinalisation');
	await Promise.all([chair.waitForURL(/done=toFinalisation/), handOver.locator('button[type="submit"]').click()]);
	await expect.poll(() => chair.getByTestId('paper-status').innerText(), WAIT).toBe('Endredaktion');
	await checkPage(chair, 'journey-finalisation-chair');

	// The policy officer opens the ballot: deadline in 90 seconds, a quorum the three votes reach.
	const officer = await newPerson();
	await login(officer, demo('referentin'));
	await checkPage(officer, 'journey-overview', { once: true });
	await officer.goto(paperPath);
	await checkPage(officer, 'journey-finalisation-officer');
	await officer.getByTestId('open-ballot-link').click();
	await officer.waitForURL(/\/ballot$/);
	await checkPage(officer, 'journey-open-ballot');
	const deadline = new Date(Date.now() + 90_000);
	const form = officer.getByTestId('open-ballot-form');
	await form.locator('input[name="closesAt"]').fill(toLocalDateTime(deadline));
	await form.locator('input[name="quorum"]').fill('5');
	await Promise.all([officer.waitForURL(/\/ballots\/[^/]+$/), form.locator('button[type="submit"]').click()]);
	const ballotPath = new URL(officer.url()).pathname;
	await expect(officer.getByTestId('ballot-status').innerText()).resolves.toBe('Läuft');
	await expect(officer.getByTestId('participation').innerText()).resolves.toMatch(/0 von \d+ Organisationen haben abgestimmt/);
	await checkPage(officer, 'journey-ballot-open');

	// Three representatives vote; the second first rejects, then changes to endorse.
	await vote(reps[0], 'endorse', 'Wir tragen diese Forderungen mit.', 'journey-vote-cast');
	await vote(reps[1], 'reject', 'Zu unverbindlich.');
	await vote(reps[1], 'endorse', 'Nach Rücksprache: Zustimmung.');
	await vote(reps[2], 'abstain', '');
	// A fourth representative, without JavaScript, opens the vote form before the deadline …
	await late.goto(ballotPath);
	await checkPage(late, 'journey-ballot-nojs');
	const toDecide = reps[1].getByTestId('to-decide').locator('tr', { hasText: TITLE });
	await expect(toDecide.innerText()).resolves.toContain('Zustimmung');
	await checkPage(reps[1], 'journey-to-decide-voted');

	// The deadline passes; the server closes the ballot by itself and the page shows the result.
	await officer.goto(ballotPath);
	await expect.poll(() => officer.getByTestId('participation').innerText(), WAIT).toMatch(/^3 von/);
	const left = deadline.getTime() - Date.now();
	if (left > 0) await officer.waitForTimeout(left + 1000);
	await expect
		.poll(async () => {
			await officer.reload();
			return officer.getByTestId('ballot-status').innerText();
		}, { timeout: 30_000, interval: 1000 })
		.toBe('Abgeschlossen');
	await expect(officer.getByTestId('ballot-outcome').innerText()).resolves.toContain('Beschlossen');

	// … and sends it after the deadline: refused, with the reason, and nothing counted.
	const lateForm = late.getByTestId('vote-form');
	await lateForm.locator('input[name="choice"][value="reject"]').check();
	await Promise.all([late.waitForLoadState('load'), lateForm.locator('button[type="submit"]').click()]);
	await expect(late.locator('[role="alert"]').innerText()).resolves.toMatch(/Die Abstimmung ist beendet \(Frist: .+\)\. Ihre Stimme wurde nicht gespeichert\./);
	await checkPage(late, 'journey-late-vote-nojs');

	await expect(officer.getByTestId('tally-endorse').innerText()).resolves.toMatch(/Zustimmung\s+2/);
	await expect(officer.getByTestId('tally-abstain').innerText()).resolves.toMatch(/Enthaltung\s+1/);
	await expect(officer.getByTestId('tally-reject').innerText()).resolves.toMatch(/Ablehnung\s+0/);
	await checkPage(officer, 'journey-ballot-result');

	// The paper is adopted; the officer publishes it.
	await officer.goto(paperPath);
	await expect(officer.getByTestId('paper-status').innerText()).resolves.toBe('Beschlossen');
	await checkPage(officer, 'journey-adopted');
	await Promise.all([officer.waitForURL(/done=publish/), officer.getByTestId('step-publish').locator('button[type="submit"]').click()]);
	await expect.poll(() => officer.getByTestId('paper-status').innerText(), WAIT).toBe('Veröffentlicht');
	const publicPath = (await officer.getByTestId('public-link').getAttribute('href'))!;
	expect(publicPath).toMatch(/^\/p\/teilhabe-braucht-mitsprache-browsertest-/);
	await officer.locator('details[data-testid="workflow-path"] summary').click();
	await expect(officer.getByTestId('workflow-path').innerText()).resolves.toContain('durch das Abstimmungsergebnis');
	await checkPage(officer, 'journey-published-officer');

	// Someone without an account finds it in the public index and reads who endorsed it.
	const visitor = await newPerson();
	await visitor.goto('/p');
	await checkPage(visitor, 'journey-public-index');
	await Promise.all([visitor.waitForURL(/\/p\/[^/]+$/), visitor.getByTestId('publications').locator('a', { hasText: TITLE }).click()]);
	expect(new URL(visitor.url()).pathname).toBe(publicPath);
	await expect(visitor.locator('h1').innerText()).resolves.toBe(TITLE);
	await expect(visitor.getByTestId('public-text').innerText()).resolves.toContain(SENTENCE);
	await expect(visitor.getByTestId('endorsed-count').innerText()).resolves.toMatch(/Zugestimmt haben 2 von \d+ Mitgliedsorganisationen/);
	const endorsers = await visitor.getByTestId('public-endorsers').innerText();
	expect(endorsers).toContain('Wir tragen diese Forderungen mit.');
	expect(endorsers).toContain('Nach Rücksprache: Zustimmung.');
	expect(endorsers).not.toContain('Zu unverbindlich.');
	await checkPage(visitor, 'journey-public-page');
});

test('ballots are for representatives and the office; the public pages for everyone', { timeout: 120_000 }, async () => {
	const visitor = await newPerson();
	await visitor.goto('/ballots');
	expect(new URL(visitor.url()).pathname).toBe('/login');
	expect(new URL(visitor.url()).searchParams.get('next')).toBe('/ballots');
	await checkPage(visitor, 'login', { once: true });
	await visitor.goto('/p');
	await checkPage(visitor, 'journey-public-index', { once: true });

	const member = await newPerson();
	await login(member, demo('mitglied'));
	await checkPage(member, 'journey-overview', { once: true });
	// no link in the navigation, and the page itself refuses
	await expect(member.locator('#main-nav a[href="/ballots"]').count()).resolves.toBe(0);
	const response = await member.goto('/ballots');
	expect(response?.status()).toBe(403);
	await checkPage(member, 'ballots-forbidden');
});
