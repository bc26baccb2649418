// The i18n layer: German first, English second. Messages live per area in ./messages/*.ts, each
// exporting { de, en }; English must have every German key (the type says so), so a missing
// translation is a type error, not a blank on the page.
import { common } from './messages/common.ts';
import { auth } from './messages/auth.ts';
import { admin } from './messages/admin.ts';
import { papers } from './messages/papers.ts';
import { ballots } from './messages/ballots.ts';
import { exportMessages } from './messages/export.ts';
import { versions } from './messages/versions.ts';
import { comments } from './messages/comments.ts';
import { auditMessages } from './messages/audit.ts';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'de';

const de = { ...common.de, ...auth.de, ...admin.de, ...papers.de, ...ballots.de, ...exportMessages.de, ...versions.de, ...comments.de, ...auditMessages.de };
export type MessageKey = keyof typeof de;
const en: Record<MessageKey, string> = { ...common.en, ...auth.en, ...admin.en, ...papers.en, ...ballots.en, ...exportMessages.en, ...versions.en, ...comments.en, ...auditMessages.en };
const dictionaries: Record<Locale, Record<MessageKey, string>> = { de, en };

export type Params = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Whether a message exists for the key (for keys built from stored data, such as audit actions). */
export function hasMessage(key: string): key is MessageKey {
	return Object.hasOwn(de, key);
}

/** Translates a key; `{name}` placeholders are filled from params. Unknown keys show the key. */
export function translate(locale: Locale, key: MessageKey | string, params?: Params): string {
	const text = dictionaries[locale][key as MessageKey] ?? dictionaries.de[key as MessageKey] ?? key;
	if (!params) return text;
	return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function translator(locale: Locale) {
	return (key: MessageKey | string, params?: Params) => translate(locale, key, params);
}

/** Picks a supported language from an Accept-Language header. */
export function localeFromHeader(header: string | null): Locale | null {
	if (!header) return null;
	for (const part of header.split(',')) {
		const tag = part.split(';')[0].trim().slice(0, 2).toLowerCase();
		if (isLocale(tag)) return tag;
	}
	return null;
}

/**
 * Times are shown as the federation's wall-clock time, whatever zone the server (often UTC) or the
 * browser runs in: a deadline typed as 18:00 reads 18:00 everywhere, and the server's rendering
 * matches the browser's. Keep in step with server/ballots/time.ts (FEDERATION_TIME_ZONE).
 */
export const TIME_ZONE = 'Europe/Berlin';

export function formatDateTime(locale: Locale, date: Date | string): string {
	return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(date));
}

export function formatDate(locale: Locale, date: Date | string): string {
	return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date(date));
}
