// Reminders to the representatives of organisations that have not voted yet: when the ballot
// opens, and 48 and 24 hours before its deadline; in the app, and by mail where SMTP is set up.
// Each (ballot, organisation, kind) goes out once, also across restarts: the reminders_sent row
// is claimed (INSERT ... ON CONFLICT DO NOTHING) in the transaction that writes the in-app
// notifications, and only the claimer mails. A crash between commit and mail loses that mail
// rather than sending it twice.
import { sql, type Kysely } from 'kysely';
import type { DB, Language, ReminderKind } from '../db/schema.ts';
import { notify } from '../notifications/notifications.ts';
import { sendMail, type Mail } from '../mail.ts';
import { formatInZone } from './time.ts';

const HOUR = 3600;

/**
 * The one reminder a ballot is due for now: the latest mark passed, so a server that was down
 * at the 48-hour mark and comes back within the last day sends the 24-hour one only. Marks that
 * lie before the opening are skipped (the opening reminder covers them).
 */
export function dueReminder(secondsLeft: number, durationSeconds: number): ReminderKind {
	if (secondsLeft <= 24 * HOUR && durationSeconds >= 24 * HOUR) return '24h';
	if (secondsLeft <= 48 * HOUR && durationSeconds >= 48 * HOUR) return '48h';
	return 'opening';
}

export interface ReminderOptions {
	/** Sends one mail; false when no SMTP is configured. Defaults to server/mail.ts. */
	mailer?: (mail: Mail) => Promise<boolean>;
	/** The site's origin for links in mails (ORIGIN by default). */
	origin?: string;
}

export interface SentReminder {
	ballotId: string;
	organisationId: string;
	kind: ReminderKind;
	recipients: number;
	emailed: number;
}

export async function sendDueReminders(db: Kysely<DB>, options: ReminderOptions = {}): Promise<SentReminder[]> {
	const running = await sql<{ id: string; paper_id: string; title: string; closes_at: Date; seconds_left: number; duration: number }>`
		SELECT b.id, b.paper_id, p.title, b.closes_at,
			extract(epoch from (b.closes_at - now()))::float8 AS seconds_left,
			extract(epoch from (b.closes_at - b.opens_at))::float8 AS duration
		FROM ballots b JOIN papers p ON p.id = b.paper_id
		WHERE b.status IN ('scheduled', 'open') AND b.opens_at <= now() AND now() < b.closes_at
		ORDER BY b.closes_at`.execute(db);
	const out: SentReminder[] = [];
	for (const b of running.rows) {
		const kind = dueReminder(Number(b.seconds_left), Number(b.duration));
		out.push(...(await remind(db, { ...b, closes_at: new Date(b.closes_at) }, kind, options)));
	}
	return out;
}

interface Recipient {
	organisation_id: string;
	person_id: string;
	email: string;
	name: string;
	language: Language;
}

async function remind(
	db: Kysely<DB>,
	ballot: { id: string; paper_id: string; title: string; closes_at: Date },
	kind: ReminderKind,
	options: ReminderOptions
): Promise<SentReminder[]> {
	const claimed = await db.transaction().execute(async (trx) => {
		const orgs = await sql<{ organisation_id: string }>`
			INSERT INTO reminders_sent (ballot_id, organisation_id, kind)
			SELECT e.ballot_id, e.organisation_id, ${kind} FROM ballot_eligible_organisations e
			WHERE e.ballot_id = ${ballot.id}
				AND NOT EXISTS (SELECT 1 FROM ballot_votes v WHERE v.ballot_id = e.ballot_id AND v.organisation_id = e.organisation_id)
			ON CONFLICT DO NOTHING
			RETURNING organisation_id`.execute(trx);
		if (!orgs.rows.length) return [];
		const recipients: Recipient[] = await trx
			.selectFrom('organisation_representatives as r')
			.innerJoin('people as p', 'p.id', 'r.person_id')
			.select(['r.organisation_id', 'p.id as person_id', 'p.email', 'p.name', 'p.language'])
			.where(
				'r.organisation_id',
				'in',
				orgs.rows.map((o) => o.organisation_id)
			)
			.where('p.disabled_at', 'is', null)
			.execute();
		await notify(trx, {
			personIds: recipients.map((r) => r.person_id),
			kind: 'ballot.reminder',
			paperId: ballot.paper_id,
			link: `/ballots/${ballot.id}`,
			payload: { ballotId: ballot.id, reminder: kind, paperTitle: ballot.title, closesAt: ballot.closes_at.toISOString() }
		});
		for (const o of orgs.rows) {
			const n = recipients.filter((r) => r.organisation_id === o.organisation_id).length;
			if (n) await trx.updateTable('reminders_sent').set({ recipients: n }).where('ballot_id', '=', ballot.id).where('organisation_id', '=', o.organisation_id).where('kind', '=', kind).execute();
		}
		return orgs.rows.map((o) => ({ organisationId: o.organisation_id, recipients: recipients.filter((r) => r.organisation_id === o.organisation_id) }));
	});

	const mailer = options.mailer ?? ((m: Mail) => sendMail(m));
	const origin = (options.origin ?? process.env.ORIGIN ?? '').replace(/\/+$/, '');
	const out: SentReminder[] = [];
	for (const c of claimed) {
		let emailed = 0;
		for (const r of c.recipients) {
			try {
				if (await mailer(reminderMail(r, ballot, kind, origin))) emailed++;
			} catch (err) {
				console.error('[reminders] mail to', r.email, 'failed:', err instanceof Error ? err.message : err);
			}
		}
		if (emailed) {
			await db.updateTable('reminders_sent').set({ emailed }).where('ballot_id', '=', ballot.id).where('organisation_id', '=', c.organisationId).where('kind', '=', kind).execute();
		}
		out.push({ ballotId: ballot.id, organisationId: c.organisationId, kind, recipients: c.recipients.length, emailed });
	}
	return out;
}

const TEXT = {
	de: {
		subject: { opening: 'Abstimmung eröffnet: {title}', '48h': 'Noch 48 Stunden: {title}', '24h': 'Noch 24 Stunden: {title}' },
		body: 'Guten Tag {name},\n\n{lead}\n\nPapier: {title}\nFrist: {deadline}\n\nIhre Organisation hat noch nicht abgestimmt. Sie können zustimmen, sich enthalten oder ablehnen, mit einer öffentlichen Stellungnahme, wenn Sie möchten:\n{link}\n\nDiese Nachricht kommt von Mitsprache, weil Sie Ihre Organisation bei Abstimmungen vertreten.',
		lead: {
			opening: 'die Abstimmung der Mitgliedsorganisationen über ein Papier ist eröffnet.',
			'48h': 'in 48 Stunden endet die Abstimmung über ein Papier.',
			'24h': 'in 24 Stunden endet die Abstimmung über ein Papier.'
		}
	},
	en: {
		subject: { opening: 'Ballot open: {title}', '48h': '48 hours left: {title}', '24h': '24 hours left: {title}' },
		body: 'Hello {name},\n\n{lead}\n\nPaper: {title}\nDeadline: {deadline}\n\nYour organisation has not voted yet. You may endorse, abstain or reject, with a public statement if you wish:\n{link}\n\nYou receive this from Mitsprache because you cast your organisation\'s vote.',
		lead: {
			opening: 'the member organisations\' ballot on a paper is open.',
			'48h': 'the ballot on a paper ends in 48 hours.',
			'24h': 'the ballot on a paper ends in 24 hours.'
		}
	}
} as const;

function fill(template: string, params: Record<string, string>): string {
	return template.replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
}

export function reminderMail(r: { email: string; name: string; language: Language }, ballot: { id: string; title: string; closes_at: Date }, kind: ReminderKind, origin: string): Mail {
	const t = TEXT[r.language] ?? TEXT.de;
	const params = { name: r.name, title: ballot.title, deadline: formatInZone(ballot.closes_at, r.language), link: `${origin}/ballots/${ballot.id}`, lead: t.lead[kind] };
	return { to: r.email, subject: fill(t.subject[kind], params), text: fill(t.body, params) };
}
