import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$server/auth/sessions';

export const LOCALE_COOKIE = 'mitsprache_lang';

type WithCookies = { cookies: Cookies; url: URL };

// Secure everywhere but plain-http localhost, where browsers would drop a Secure cookie.
const secure = (url: URL) => url.protocol === 'https:' || !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

export function setSessionCookie(event: WithCookies, token: string, expiresAt: Date) {
	event.cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(event.url), expires: expiresAt });
}

export function clearSessionCookie(event: WithCookies) {
	event.cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(event.url) });
}

export function setLocaleCookie(event: WithCookies, locale: string) {
	event.cookies.set(LOCALE_COOKIE, locale, { path: '/', httpOnly: false, sameSite: 'lax', secure: secure(event.url), maxAge: 365 * 24 * 3600 });
}
