// Outgoing mail, only where SMTP is configured (SMTP_URL, e.g. smtp://host:587 or
// smtps://user:pass@host:465, and MAIL_FROM). Without it the app still works: links are shown
// to the admin, who passes them on.
import nodemailer, { type Transporter } from 'nodemailer';

export interface Mail {
	to: string;
	subject: string;
	text: string;
}

let cached: { url: string; transport: Transporter } | undefined;

function transportFor(url: string): Transporter {
	if (cached?.url !== url) {
		cached?.transport.close();
		// Short timeouts: the admin waits for this while the form is submitting.
		cached = { url, transport: nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }) };
	}
	return cached.transport;
}

/** Sends one plain-text mail. False when no SMTP is configured; throws when the server refuses. */
export async function sendMail(mail: Mail, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
	const url = env.SMTP_URL?.trim();
	if (!url) return false;
	await transportFor(url).sendMail({ from: env.MAIL_FROM?.trim() || 'Mitsprache <mitsprache@localhost>', to: mail.to, subject: mail.subject, text: mail.text });
	return true;
}
