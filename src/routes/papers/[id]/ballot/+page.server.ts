// Opening a ballot on a paper in finalisation: the policy officer's form. Times are the
// federation's wall-clock time (server/ballots/time.ts).
import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { database } from '$server/db';
import { findPaper } from '$server/papers/papers';
import { openBallot } from '$server/ballots/open';
import { FEDERATION_TIME_ZONE, parseLocalDateTime, toLocalDateTime } from '$server/ballots/time';
import { authorize } from '$lib/server/guard';
import { parseForm, optionalText } from '$lib/server/forms';
import { attempt } from '$lib/server/commands';
import { translate } from '$lib/i18n';
import type { RequestEvent } from './$types';

async function paperFor(event: Pick<RequestEvent, 'params' | 'locals' | 'url'>) {
	const paper = await findPaper(database().db, event.params.id);
	if (!paper) error(404, translate(event.locals.locale, 'error.notFound'));
	authorize(event, 'ballot.open', { id: paper.id, committeeId: paper.committee_id, status: paper.status });
	return paper;
}

/** Two weeks from today at 18:00, federation time: a sensible first deadline. */
function defaultDeadline(): string {
	const day = toLocalDateTime(new Date(Date.now() + 14 * 24 * 3600 * 1000)).slice(0, 10);
	return `${day}T18:00`;
}

export const load: PageServerLoad = async (event) => {
	const paper = await paperFor(event);
	const eligible = await database()
		.db.selectFrom('organisations')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('voting_member', '=', true)
		.executeTakeFirstOrThrow();
	return {
		paper,
		eligible: Number(eligible.n),
		timeZone: FEDERATION_TIME_ZONE,
		defaults: { closesAt: defaultDeadline(), opensAt: toLocalDateTime(new Date(Date.now() + 24 * 3600 * 1000)).slice(0, 16), quorum: '50', majority: 'simple' }
	};
};

const localDateTime = z
	.string()
	.trim()
	.transform((value, ctx) => {
		const date = parseLocalDateTime(value);
		if (!date) {
			ctx.addIssue({ code: 'custom', message: 'ballot.error.dateTime' });
			return z.NEVER;
		}
		return date;
	});

const schema = z
	.object({
		start: z.enum(['now', 'later']).default('now'),
		opensAt: z.string().optional().default(''),
		closesAt: localDateTime,
		quorum: z.coerce.number({ message: 'ballot.error.quorum' }).int('ballot.error.quorum').min(1, 'ballot.error.quorum').max(100, 'ballot.error.quorum'),
		majority: z.enum(['simple', 'two_thirds'], { message: 'form.invalid' }),
		votesPublic: z.string().optional(),
		note: optionalText(2000)
	})
	.superRefine((v, ctx) => {
		if (v.start === 'later' && !parseLocalDateTime(v.opensAt)) ctx.addIssue({ code: 'custom', path: ['opensAt'], message: 'ballot.error.dateTime' });
	});

export const actions: Actions = {
	default: async (event) => {
		const paper = await paperFor(event);
		const data = await event.request.formData();
		const parsed = parseForm(schema, data);
		if (!parsed.ok) return parsed.failure;
		const input = parsed.data;
		const result = await attempt(event, data, () =>
			openBallot(database().db, event.locals.actor, paper.id, {
				opensAt: input.start === 'later' ? parseLocalDateTime(input.opensAt) : null,
				closesAt: input.closesAt,
				quorum: input.quorum / 100,
				majority: input.majority,
				votesPublicWhileOpen: input.votesPublic === 'on',
				note: input.note
			})
		);
		if (!result.ok) return result.failure;
		redirect(303, `/ballots/${result.value.ballotId}`);
	}
};
