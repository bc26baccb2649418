// Validation at the boundary: a zod schema per form; messages are i18n keys, so the page shows
// them in the person's language. A failed form returns what was typed (never passwords).
import { fail } from '@sveltejs/kit';
import { z } from 'zod';

export type FieldErrors = Record<string, string>;

export interface FormFailure {
	values: Record<string, string>;
	errors: FieldErrors;
	message?: string;
}

const SECRET = /password/i;

export function formValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of data) {
		if (typeof value === 'string' && !SECRET.test(key)) values[key] = value;
	}
	return values;
}

export function parseForm<S extends z.ZodType>(schema: S, data: FormData):
	| { ok: true; data: z.output<S> }
	| { ok: false; failure: ReturnType<typeof fail<FormFailure>> } {
	const raw: Record<string, string | string[]> = {};
	for (const key of new Set(data.keys())) {
		const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
		raw[key] = key.endsWith('[]') ? all : (all[0] ?? '');
	}
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message.includes('.') && !issue.message.includes(' ') ? issue.message : 'form.invalid';
	}
	return { ok: false, failure: fail(400, { values: formValues(data), errors, message: 'form.errorSummary' }) };
}

export function failWith(status: number, data: FormData, message: string, errors: FieldErrors = {}) {
	return fail(status, { values: formValues(data), errors, message } satisfies FormFailure);
}

// Field helpers with our message keys.
export const text = (max = 200) => z.string().trim().min(1, 'form.required').max(max, 'form.tooLong');
export const optionalText = (max = 2000) => z.string().trim().max(max, 'form.tooLong').optional().default('');
export const email = () => z.string().trim().min(1, 'form.required').max(254, 'form.tooLong').email('form.invalidEmail');
