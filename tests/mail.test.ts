// Mail goes out over real SMTP to a tiny server on a local port (tests/helpers/smtp.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { sendMail } from '../server/mail.ts';
import { mailInvitation, mailPasswordReset } from '../src/lib/server/mails.ts';
import { startSmtpServer, type SmtpServer } from './helpers/smtp.ts';

let smtp: SmtpServer;
const saved = { url: process.env.SMTP_URL, from: process.env.MAIL_FROM };
beforeAll(async () => {
	smtp = await startSmtpServer();
});
afterAll(async () => {
	process.env.SMTP_URL = saved.url;
	process.env.MAIL_FROM = saved.from;
	if (saved.url === undefined) delete process.env.SMTP_URL;
	if (saved.from === undefined) delete process.env.MAIL_FROM;
	await smtp.close();
});

/** The body as written: undoes quoted-printable soft breaks and escapes. */
function body(raw: string): string {
	const [head, ...rest] = raw.split('\r\n\r\n');
	const text = rest.join('\r\n\r\n');
	if (!/quoted-printable/i.test(head)) return text;
	const bytes = text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
	return Buffer.from(bytes, 'latin1').toString('utf8');
}

async function closedPort(): Promise<number> {
	const s = createServer();
	await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
	const port = (s.address() as { port: number }).port;
	await new Promise<void>((r) => s.close(() => r()));
	return port;
}

describe('mail', () => {
	it('does nothing and answers false without SMTP_URL', async () => {
		expect(await sendMail({ to: 'a@example.org', subject: 's', text: 't' }, {})).toBe(false);
		delete process.env.SMTP_URL;
		expect(await mailInvitation('a@example.org', { name: 'A', link: 'http://x/invite/abc', expiresAt: new Date() })).toBe('off');
	});

	it('sends the invitation, in German then English, with the link intact', async () => {
		process.env.SMTP_URL = smtp.url;
		process.env.MAIL_FROM = 'Mitsprache <noreply@bkmo.example>';
		const link = 'https://mitsprache.example/invite/' + 'a'.repeat(32);
		const received = smtp.next();
		expect(await mailInvitation('ina@example.org', { name: 'Ina Müller', link, expiresAt: new Date('2030-01-02T10:00:00Z') })).toBe('sent');
		const mail = await received;
		expect(mail.to).toEqual(['ina@example.org']);
		expect(mail.from).toBe('noreply@bkmo.example');
		expect(mail.data).toMatch(/^Subject: /m);
		const text = body(mail.data);
		expect(text).toContain(link);
		expect(text).toContain('Hallo Ina Müller');
		expect(text.indexOf('Hallo')).toBeLessThan(text.indexOf('Hello'));
	});

	it('sends the password reset link', async () => {
		process.env.SMTP_URL = smtp.url;
		const received = smtp.next();
		const link = 'https://mitsprache.example/reset/' + 'b'.repeat(32);
		expect(await mailPasswordReset('p@example.org', { name: 'P', link, expiresAt: new Date() })).toBe('sent');
		expect(body((await received).data)).toContain(link);
	});

	it('reports a failure (and does not throw) when the SMTP server is unreachable', async () => {
		process.env.SMTP_URL = `smtp://127.0.0.1:${await closedPort()}`;
		expect(await mailInvitation('a@example.org', { name: 'A', link: 'http://x/invite/abc', expiresAt: new Date() })).toBe('failed');
		await expect(sendMail({ to: 'a@example.org', subject: 's', text: 't' })).rejects.toThrow();
	});
});
