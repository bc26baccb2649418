// The organisation-and-roles part of the invite form and the person page: one schema, so both
// accept exactly the same input. Committee roles arrive as one select per committee, named
// `committee:<id>`, so the form needs no JavaScript.
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { PersonAccess } from '$server/people/people';
import type { FormFailure } from '$lib/server/forms';

const committeeRole = z.enum(['', 'delegate', 'chair']).optional().default('');

/** The fields, to be spread into a form's z.object beside its own. */
export function accessShape(committeeIds: string[]) {
	return {
		organisationId: z.union([z.literal(''), z.string().uuid()]).optional().default(''),
		'officeRoles[]': z.array(z.enum(['admin', 'policy_officer'])).optional().default([]),
		representative: z.string().optional(),
		...Object.fromEntries(committeeIds.map((id) => [`committee:${id}`, committeeRole]))
	};
}

type ParsedAccessFields = { organisationId: string; 'officeRoles[]': ('admin' | 'policy_officer')[]; representative?: string };

export function toAccess(v: ParsedAccessFields, committeeIds: string[]): PersonAccess {
	const fields = v as Record<string, unknown>;
	return {
		organisationId: v.organisationId || null,
		officeRoles: [...new Set(v['officeRoles[]'])],
		committees: committeeIds
			.map((committeeId) => ({ committeeId, role: fields[`committee:${committeeId}`] }))
			.filter((c): c is PersonAccess['committees'][number] => c.role === 'chair' || c.role === 'delegate'),
		representative: !!v.representative
	};
}

export function accessSchema(committeeIds: string[]) {
	return z.object(accessShape(committeeIds)).transform((v) => toAccess(v, committeeIds));
}

/** Checkbox groups have several values under one name; the generic form values keep one, so add them. */
export function withOfficeRoles<T extends FormFailure>(failure: { status: number; data: T }, data: FormData) {
	const errors = { ...failure.data.errors };
	if (errors['officeRoles[]']) errors.officeRoles ??= errors['officeRoles[]'];
	return fail(failure.status, { ...failure.data, errors, officeRoles: data.getAll('officeRoles[]').map(String) });
}

/** What the access fields show: what was typed after a failure, else what is stored. */
export interface AccessValues {
	organisationId: string;
	officeRoles: string[];
	committees: Record<string, string>;
	representative: boolean;
}

export function accessValuesFromForm(values: Record<string, string>, officeRoles: string[]): AccessValues {
	const committees: Record<string, string> = {};
	for (const [key, value] of Object.entries(values)) if (key.startsWith('committee:')) committees[key.slice('committee:'.length)] = value;
	return { organisationId: values.organisationId ?? '', officeRoles, committees, representative: !!values.representative };
}

export function accessValuesFromStored(access: PersonAccess): AccessValues {
	return {
		organisationId: access.organisationId ?? '',
		officeRoles: access.officeRoles,
		committees: Object.fromEntries(access.committees.map((c) => [c.committeeId, c.role])),
		representative: access.representative
	};
}
