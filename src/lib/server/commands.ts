// Runs a server command for a form action and turns what the person can fix (a field error, a
// stale page) into a form failure that keeps what was typed. A refusal by the policy becomes the
// same error page as the route's own check; anything else is a real error.
import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { FieldError, NotFoundError } from '$server/errors';
import { PolicyError } from '$server/policy';
import { translate, type Locale } from '$lib/i18n';
import { formValues, type FormFailure } from './forms';

export type Failure<X extends object = object> = ActionFailure<FormFailure & X>;

export function failure<X extends object>(status: number, data: FormData, message: string, errors: Record<string, string>, extra: X): Failure<X> {
	return fail(status, { values: formValues(data), errors, message, ...extra });
}

export async function attempt<T, X extends object = object>(
	event: { locals: { locale: Locale } },
	data: FormData,
	work: () => Promise<T>,
	extra: X = {} as X
): Promise<{ ok: true; value: T } | { ok: false; failure: Failure<X> }> {
	try {
		return { ok: true, value: await work() };
	} catch (err) {
		if (err instanceof FieldError) {
			const whole = err.field === 'form';
			return { ok: false, failure: failure(whole ? 409 : 400, data, whole ? err.key : 'form.errorSummary', whole ? {} : { [err.field]: err.key }, extra) };
		}
		if (err instanceof NotFoundError) return { ok: false, failure: failure(404, data, 'error.stale', {}, extra) };
		if (err instanceof PolicyError) error(err.status, translate(event.locals.locale, err.status === 401 ? 'error.unauthorized' : 'error.forbidden'));
		throw err;
	}
}
