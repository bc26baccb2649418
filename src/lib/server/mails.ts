// The mails the administration sends, German first and English second (the invitee's language
// is not known yet). Sending is best effort: the admin always sees the link too.
import { sendMail } from '$server/mail';
import { formatDateTime, translate, type MessageKey } from '$lib/i18n';

export type MailOutcome = 'sent' | 'off' | 'failed';

function bilingual(key: MessageKey, params: Record<string, string>, expiresAt: Date): string {
	return (['de', 'en'] as const)
		.map((locale) => translate(locale, key, { ...params, expires: formatDateTime(locale, expiresAt) }))
		.join('\n\n---\n\n');
}

async function deliver(to: string, subject: MessageKey, text: string): Promise<MailOutcome> {
	try {
		return (await sendMail({ to, subject: translate('de', subject), text })) ? 'sent' : 'off';
	} catch (err) {
		console.error('[mail] could not send:', err instanceof Error ? err.message : err);
		return 'failed';
	}
}

export function mailInvitation(to: string, p: { name: string; link: string; expiresAt: Date }): Promise<MailOutcome> {
	return deliver(to, 'mail.invitation.subject', bilingual('mail.invitation.body', { name: p.name, link: p.link }, p.expiresAt));
}

export function mailPasswordReset(to: string, p: { name: string; link: string; expiresAt: Date }): Promise<MailOutcome> {
	return deliver(to, 'mail.passwordReset.subject', bilingual('mail.passwordReset.body', { name: p.name, link: p.link }, p.expiresAt));
}

/** Links in mails and on the admin's screen are absolute: ORIGIN when set (behind a proxy), else the request's. */
export function publicOrigin(url: URL): string {
	return (process.env.ORIGIN?.trim() || url.origin).replace(/\/+$/, '');
}
