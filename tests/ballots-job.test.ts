// The ballot clock across restarts, and reminders sent once each, in the app and by mail to a
// local SMTP server the test starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from './helpers/db.ts';
import { closeCollabDatabase, useCollabDatabase } from './collab/helpers.ts';
import { startSmtpServer, type SmtpServer } from './helpers/smtp.ts';
import { ballotOn, paperIn, setBallotTimes, sleep, votingOrganisations, withoutSeededVoters, workflowCast, type VotingOrganisation } from './helpers/workflow.ts';
import { startBallotJob, type BallotJob } from '../server/jobs/ballots.ts';
import { findBallot } from '../server/ballots/ballots.ts';
import { castVote } from '../server/ballots/votes.ts';
import { dueReminder, sendDueReminders } from '../server/ballots/reminders.ts';
import { sendMail, type Mail } from '../server/mail.ts';

let handle: TestDatabase;
let people: Awaited<ReturnType<typeof workflowCast>>;
let orgs: VotingOrganisation[];
let smtp: SmtpServer;
const jobs: BallotJob[] = [];
const noMail = async () => false;

beforeAll(async () => {
	handle = await useCollabDatabase();
	await withoutSeededVoters(handle.db);
	people = await workflowCast(handle.db);
	orgs = await votingOrganisations(handle.db, 3, 2);
	smtp = await startSmtpServer();
});
afterAll(async () => {
	for (const job of jobs) await job.stop();
	await smtp.close();
	await closeCollabDatabase(handle);
});

/** Mail bodies with umlauts come quoted-printable, with soft line breaks. */
function decodeQuotedPrintable(raw: string): string {
	const joined = raw.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < joined.length; i++) {
		const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
		if (/^[0-9A-F]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else bytes.push(...Buffer.from(joined[i]));
	}
	return Buffer.from(bytes).toString('utf8');
}

function job(options: Parameters<typeof startBallotJob>[1] = {}): BallotJob {
	const j = startBallotJob(handle.db, { mailer: noMail, ...options });
	jobs.push(j);
	return j;
}

async function newBallot(closesInSeconds: number) {
	const paperId = await paperIn(handle.db, people.committee.id, 'finalisation');
	const { ballotId } = await ballotOn(handle.db, people.policyOfficer, paperId);
	await setBallotTimes(handle.db, ballotId, { closesIn: closesInSeconds });
	return { ballotId, paperId };
}

async function closings(ballotId: string, paperId: string) {
	const audit = await handle.db.selectFrom('audit_log').select('id').where('object_id', '=', ballotId).where('action', '=', 'ballot.close').execute();
	const results = await handle.db.selectFrom('paper_transitions').select('to_status').where('paper_id', '=', paperId).where('from_status', '=', 'ballot').execute();
	return { audit: audit.length, transitions: results.length };
}

describe('the ballot clock', () => {
	it('closes a ballot at its deadline by its timer, not by a periodic check', async () => {
		const { ballotId, paperId } = await newBallot(1.2);
		await castVote(handle.db, orgs[0].representatives[0], ballotId, { choice: 'endorse' });
		await castVote(handle.db, orgs[1].representatives[0], ballotId, { choice: 'endorse' });
		job({ maxSleepMs: 60_000 });
		for (let i = 0; i < 100 && (await findBallot(handle.db, ballotId))!.status !== 'closed'; i++) await sleep(100);
		const ballot = (await findBallot(handle.db, ballotId))!;
		expect(ballot.status).toBe('closed');
		expect(ballot.paperStatus).toBe('adopted');
		expect(await closings(ballotId, paperId)).toEqual({ audit: 1, transitions: 1 });
		await jobs.pop()!.stop();
	});

	it('a restart during an open ballot closes it at its deadline exactly once', async () => {
		const { ballotId, paperId } = await newBallot(1.5);
		const before = job();
		await before.run();
		expect((await findBallot(handle.db, ballotId))!.status).toBe('open');
		await before.stop(); // the server goes down before the deadline …
		await sleep(2000); // … and the deadline passes while it is down
		expect((await findBallot(handle.db, ballotId))!.status).toBe('open');
		// it comes back, twice at once (say two processes): the start-up run closes it, once
		const [a, b] = [job(), job()];
		await Promise.all([a.run(), b.run()]);
		expect((await findBallot(handle.db, ballotId))!.status).toBe('closed');
		await Promise.all([a.run(), b.run(), job().run()]);
		expect(await closings(ballotId, paperId)).toEqual({ audit: 1, transitions: 1 });
		for (const j of jobs.splice(0)) await j.stop();
	});
});

describe('reminders', () => {
	it('chooses the latest mark passed, skipping marks before the opening', () => {
		const h = 3600;
		expect(dueReminder(10 * 24 * h, 14 * 24 * h)).toBe('opening');
		expect(dueReminder(47 * h, 14 * 24 * h)).toBe('48h');
		expect(dueReminder(23 * h, 14 * 24 * h)).toBe('24h');
		// opened 30 hours before its deadline: no 48-hour reminder, the opening one covers it
		expect(dueReminder(29 * h, 30 * h)).toBe('opening');
		expect(dueReminder(20 * h, 30 * h)).toBe('24h');
	});

	it('go to representatives of organisations that have not voted, once each, also across restarts', async () => {
		const { db } = handle;
		const mailer = (m: Mail) => sendMail(m, { SMTP_URL: smtp.url, MAIL_FROM: 'Mitsprache <test@localhost>' });
		const { ballotId } = await newBallot(10 * 24 * 3600);
		await castVote(db, orgs[0].representatives[0], ballotId, { choice: 'endorse' });
		const waiting = orgs.slice(1).flatMap((o) => o.representatives);
		const waitingEmails = waiting.map((p) => p.email).sort();

		const opening = await sendDueReminders(db, { mailer, origin: 'https://mitsprache.example' });
		expect(opening.map((r) => [r.kind, r.recipients, r.emailed])).toEqual([
			['opening', 2, 2],
			['opening', 2, 2]
		]);
		expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(waitingEmails);
		const mail = decodeQuotedPrintable(smtp.messages[0].data);
		expect(mail).toMatch(/Subject:.*Abstimmung/);
		expect(mail).toContain('Ihre Organisation hat noch nicht abgestimmt');
		expect(mail).toContain(`https://mitsprache.example/ballots/${ballotId}`);

		// again, and after a "restart" (a new job): nothing more
		expect(await sendDueReminders(db, { mailer })).toEqual([]);
		await job({ mailer }).run();
		expect(smtp.messages).toHaveLength(4);

		// 48 hours before the deadline; one more organisation has voted meanwhile
		await castVote(db, orgs[1].representatives[1], ballotId, { choice: 'reject' });
		await setBallotTimes(db, ballotId, { opensIn: -8 * 24 * 3600, closesIn: 47 * 3600 });
		const r48 = await sendDueReminders(db, { mailer });
		expect(r48.map((r) => [r.organisationId, r.kind])).toEqual([[orgs[2].id, '48h']]);
		expect(await sendDueReminders(db, { mailer })).toEqual([]);

		await setBallotTimes(db, ballotId, { opensIn: -9 * 24 * 3600, closesIn: 23 * 3600 });
		await job({ mailer }).run();
		await job({ mailer }).run();
		expect(smtp.messages).toHaveLength(4 + 2 + 2);
		const sent = await db.selectFrom('reminders_sent').select(['organisation_id', 'kind', 'recipients', 'emailed']).where('ballot_id', '=', ballotId).orderBy('sent_at').execute();
		expect(sent).toHaveLength(4);
		expect(sent.filter((s) => s.organisation_id === orgs[0].id)).toEqual([]);

		// in the app, too: one notification per reminder and representative
		const notes = await db.selectFrom('notifications').select(['person_id', 'kind', 'link', 'payload']).where('kind', '=', 'ballot.reminder').execute();
		const forOrg2 = notes.filter((n) => orgs[2].representatives.some((r) => r.id === n.person_id) && (n.payload as { ballotId: string }).ballotId === ballotId);
		expect(forOrg2.map((n) => (n.payload as { reminder: string }).reminder).sort()).toEqual(['24h', '24h', '48h', '48h', 'opening', 'opening']);
		expect(forOrg2[0].link).toBe(`/ballots/${ballotId}`);
		for (const j of jobs.splice(0)) await j.stop();
	});

	it('work without SMTP: in the app only', async () => {
		const { ballotId } = await newBallot(5 * 24 * 3600);
		const sent = await sendDueReminders(handle.db, { mailer: (m) => sendMail(m, {}) });
		expect(sent.filter((s) => s.ballotId === ballotId).map((s) => [s.recipients, s.emailed])).toEqual([
			[2, 0],
			[2, 0],
			[2, 0]
		]);
	});
});
