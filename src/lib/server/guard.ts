// Routes ask the policy module through these: 401 sends a page visitor to the login, 403 is an
// error page in the person's language.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { can, type Action, type Subjects } from '$server/policy';
import type { Actor } from '$server/people/actor';
import { translate } from '$lib/i18n';

type Event = Pick<RequestEvent, 'locals' | 'url'>;

export function loginRedirect(event: Event): never {
	const next = event.url.pathname + event.url.search;
	redirect(303, `/login?next=${encodeURIComponent(next)}`);
}

/** The signed-in person, or a redirect to the login page. */
export function requireActor(event: Event): Actor {
	if (!event.locals.actor || event.locals.actor.disabled) loginRedirect(event);
	return event.locals.actor;
}

export function authorize<A extends Action>(event: Event, action: A, subject: Subjects[A]): void {
	if (can(event.locals.actor, action, subject)) return;
	if (!event.locals.actor) loginRedirect(event);
	error(403, translate(event.locals.locale, 'error.forbidden'));
}

/** For endpoints: a status code instead of a redirect. */
export function authorizeApi<A extends Action>(event: Event, action: A, subject: Subjects[A]): void {
	if (can(event.locals.actor, action, subject)) return;
	error(event.locals.actor ? 403 : 401, translate(event.locals.locale, event.locals.actor ? 'error.forbidden' : 'error.unauthorized'));
}
