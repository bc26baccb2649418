import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { acceptInvitation, emailTaken, findInvitation, InvitationError } from '$server/auth/invitations';
import { createSession, invalidateSession } from '$server/auth/sessions';
import { setLocaleCookie, setSessionCookie } from '$lib/server/cookies';
import { failWith, parseForm, text } from '$lib/server/forms';
import { confirmMatches, newPasswordFields, PASSWORD_LIMITS } from '$lib/server/passwords';

type Problem = 'invalid' | 'used' | 'expired' | 'emailTaken';
const problemOf = (err: InvitationError): Problem => (err.code === 'invalid_token' ? 'invalid' : err.code === 'email_taken' ? 'emailTaken' : err.code);

export const load: PageServerLoad = async ({ params }) => {
	const { db } = database();
	try {
		const invitation = await findInvitation(db, params.token);
		if (await emailTaken(db, invitation.email)) return { problem: 'emailTaken' as Problem, invitation: null, limits: PASSWORD_LIMITS };
		return { problem: null, invitation: { name: invitation.name, email: invitation.email }, limits: PASSWORD_LIMITS };
	} catch (err) {
		if (err instanceof InvitationError) return { problem: problemOf(err), invitation: null, limits: PASSWORD_LIMITS };
		throw err;
	}
};

const schema = z
	.object({ name: text(200), ...newPasswordFields, language: z.enum(['de', 'en']) })
	.superRefine(confirmMatches);

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const parsed = parseForm(schema, data);
		if (!parsed.ok) return parsed.failure;
		const { db } = database();
		let personId: string;
		try {
			personId = await acceptInvitation(db, event.params.token, parsed.data);
		} catch (err) {
			if (err instanceof InvitationError) {
				const problem = problemOf(err);
				return failWith(problem === 'invalid' ? 404 : 409, data, problem === 'emailTaken' ? 'invite.emailTaken' : `invite.${problem}`);
			}
			throw err;
		}
		// Whoever was signed in in this browser before is signed out: it now belongs to the new person.
		if (event.locals.sessionId) await invalidateSession(db, event.locals.sessionId);
		const { token, session } = await createSession(db, personId, event.request.headers.get('user-agent'));
		setSessionCookie(event, token, session.expiresAt);
		setLocaleCookie(event, parsed.data.language);
		redirect(303, '/');
	}
};
