import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { ready } from '$server/bootstrap';
import { publishRuntime } from '$server/runtime';
import { SESSION_COOKIE, validateSessionToken } from '$server/auth/sessions';
import { loadActor } from '$server/people/actor';
import { DEFAULT_LOCALE, isLocale, localeFromHeader, translate } from '$lib/i18n';
import { setSessionCookie, clearSessionCookie, LOCALE_COOKIE } from '$lib/server/cookies';

export const init: ServerInit = async () => {
	// The development start seeds demo accounts; a production start never does.
	await ready({ demo: dev || process.env.MITSPRACHE_DEMO === '1' });
	publishRuntime();
};

const SECURITY_HEADERS: Record<string, string> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'strict-origin-when-cross-origin',
	'X-Frame-Options': 'DENY',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=()'
};

export const handle: Handle = async ({ event, resolve }) => {
	// Health checks must answer 503 (not fail) while the database is down.
	if (event.url.pathname === '/healthz') {
		event.locals.actor = null;
		event.locals.sessionId = null;
		event.locals.locale = DEFAULT_LOCALE;
		return resolve(event);
	}
	const { db } = await ready();
	event.locals.actor = null;
	event.locals.sessionId = null;

	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const session = await validateSessionToken(db, token);
		if (session) {
			event.locals.actor = await loadActor(db, session.personId);
			event.locals.sessionId = session.id;
			setSessionCookie(event, token, session.expiresAt);
		} else {
			clearSessionCookie(event);
		}
	}

	const cookieLocale = event.cookies.get(LOCALE_COOKIE);
	event.locals.locale =
		event.locals.actor?.language ??
		(isLocale(cookieLocale) ? cookieLocale : null) ??
		localeFromHeader(event.request.headers.get('accept-language')) ??
		DEFAULT_LOCALE;

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error('[server]', event.request.method, event.url.pathname, error);
	return { message: translate(event.locals.locale ?? DEFAULT_LOCALE, status === 404 ? 'error.notFound' : 'error.generic') };
};

