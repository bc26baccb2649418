import { z } from 'zod';
import { optionalText, text } from '$lib/server/forms';

export const committeeSchema = z.object({
	name: text(200),
	description: optionalText(2000)
});

export const memberSchema = z.object({
	personId: z.string().uuid('admin.committees.choosePerson'),
	role: z.enum(['chair', 'delegate'])
});
