import { z } from 'zod';
import { optionalText, text } from '$lib/server/forms';
import { ORGANISATION_KINDS, type OrganisationInput } from '$server/organisations/organisations';

export const organisationSchema = z
	.object({
		name: text(200),
		shortName: optionalText(60),
		kind: z.enum(ORGANISATION_KINDS as [string, ...string[]]),
		status: z.enum(['voting', 'supporter'])
	})
	.transform(
		(v): OrganisationInput => ({
			name: v.name,
			shortName: v.shortName || null,
			kind: v.kind as OrganisationInput['kind'],
			votingMember: v.status === 'voting'
		})
	);
