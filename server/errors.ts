// Errors that commands raise for the person at the form: each carries a message key (the page
// translates it) and, where one field is to blame, that field's name.

export class FieldError extends Error {
	constructor(
		/** the form field to mark, or 'form' for the whole form */
		public field: string,
		/** an i18n message key */
		public key: string
	) {
		super(`${field}: ${key}`);
	}
}

export class NotFoundError extends Error {
	constructor(what: string) {
		super(`not found: ${what}`);
	}
}

/** The SQLSTATE of a database error from pg or PGlite (both carry `code`). */
export function sqlState(err: unknown): string | undefined {
	return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

export const isUniqueViolation = (err: unknown) => sqlState(err) === '23505';
export const isForeignKeyViolation = (err: unknown) => sqlState(err) === '23503';

/**
 * Turns what a concurrent or stale submit runs into (a duplicate, a row removed meanwhile) into
 * a FieldError, so the form shows a message instead of a 500.
 */
export async function translateConflicts<T>(work: () => Promise<T>, onUnique: Error, onMissing: Error = new FieldError('form', 'error.stale')): Promise<T> {
	try {
		return await work();
	} catch (err) {
		if (isUniqueViolation(err)) throw onUnique;
		if (isForeignKeyViolation(err)) throw onMissing;
		throw err;
	}
}
