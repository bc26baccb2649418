// What the comment endpoints and actions answer when a command refuses: a message key (and the
// field to blame) instead of a 500, in the shape the comments panel and the list page show.
import { json } from '@sveltejs/kit';
import { PolicyError } from '$server/policy';
import { FieldError, NotFoundError } from '$server/errors';

export interface CommentFailure {
	status: number;
	field: string;
	key: string;
}

/** The refusal behind an error thrown by a comment command, or null for a real failure. */
export function commentFailure(err: unknown): CommentFailure | null {
	if (err instanceof FieldError) return { status: 400, field: err.field, key: err.key };
	if (err instanceof PolicyError) return { status: err.status, field: 'form', key: err.status === 401 ? 'error.unauthorized' : 'comments.error.forbidden' };
	if (err instanceof NotFoundError) return { status: 404, field: 'form', key: 'comments.error.gone' };
	return null;
}

/** For the JSON endpoints: the refusal as JSON, anything else rethrown (a 500 with a log line). */
export function jsonFailure(err: unknown): Response {
	const failure = commentFailure(err);
	if (!failure) throw err;
	return json({ error: { field: failure.field, key: failure.key } }, { status: failure.status });
}
