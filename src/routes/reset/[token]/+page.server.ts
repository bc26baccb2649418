import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { findPasswordReset, InvitationError, resetPassword } from '$server/auth/invitations';
import { clearSessionCookie } from '$lib/server/cookies';
import { failWith, parseForm } from '$lib/server/forms';
import { confirmMatches, newPasswordFields, PASSWORD_LIMITS } from '$lib/server/passwords';

type Problem = 'invalid' | 'used' | 'expired';
const problemOf = (err: InvitationError): Problem => (err.code === 'used' || err.code === 'expired' ? err.code : 'invalid');

export const load: PageServerLoad = async ({ params }) => {
	try {
		const reset = await findPasswordReset(database().db, params.token);
		return { problem: null, email: reset.email, limits: PASSWORD_LIMITS };
	} catch (err) {
		if (err instanceof InvitationError) return { problem: problemOf(err), email: null, limits: PASSWORD_LIMITS };
		throw err;
	}
};

const schema = z.object(newPasswordFields).superRefine(confirmMatches);

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const parsed = parseForm(schema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			const personId = await resetPassword(database().db, event.params.token, parsed.data.password);
			// Every session of the person has ended; if this browser held one of them, drop its cookie too.
			if (event.locals.actor?.id === personId) clearSessionCookie(event);
		} catch (err) {
			if (err instanceof InvitationError) {
				const problem = problemOf(err);
				return failWith(problem === 'invalid' ? 404 : 409, data, `reset.${problem}`);
			}
			throw err;
		}
		return { done: true };
	}
};
