// A new password, typed twice: the same rules for accepting an invitation and for a reset.
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '$server/auth/password';

export const PASSWORD_LIMITS = { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH };

export const newPasswordFields = {
	password: z.string().min(MIN_PASSWORD_LENGTH, 'password.tooShort').max(MAX_PASSWORD_LENGTH, 'password.tooLong'),
	passwordConfirm: z.string().min(1, 'form.required')
};

export function confirmMatches(v: { password: string; passwordConfirm: string }, ctx: z.RefinementCtx) {
	if (v.password !== v.passwordConfirm) ctx.addIssue({ code: 'custom', path: ['passwordConfirm'], message: 'password.mismatch' });
}
