// The state machine of a paper's life, as data: which step leads from which status to which, and
// which policy action decides who may take it. Ballot results (ballot → adopted | not_adopted) are
// the system's steps, taken when a ballot closes, never a person's.
import type { PaperStatus } from '../db/schema.ts';
import type { Action } from '../policy.ts';

export const PAPER_STATUSES: readonly PaperStatus[] = ['draft', 'finalisation', 'ballot', 'adopted', 'not_adopted', 'published', 'archived'];

export interface Step {
	from: readonly PaperStatus[];
	to: PaperStatus;
	action: Action;
	/** the name of the version frozen by this step (stored data, in the federation's language) */
	versionName: string;
}

export const STEPS = {
	toFinalisation: { from: ['draft'], to: 'finalisation', action: 'paper.toFinalisation', versionName: 'Übergabe zur Endredaktion' },
	backToDraft: { from: ['finalisation', 'not_adopted'], to: 'draft', action: 'paper.backToDraft', versionName: 'Zurück in den Entwurf' },
	openBallot: { from: ['finalisation'], to: 'ballot', action: 'ballot.open', versionName: 'Abstimmungsfassung' },
	publish: { from: ['adopted'], to: 'published', action: 'paper.publish', versionName: 'Veröffentlichte Fassung' },
	archive: { from: ['draft', 'finalisation', 'ballot', 'adopted', 'not_adopted', 'published'], to: 'archived', action: 'paper.archive', versionName: 'Archiviert' }
} as const satisfies Record<string, Step>;

export type StepName = keyof typeof STEPS;
export const STEP_NAMES = Object.keys(STEPS) as StepName[];

/** The system's steps when a ballot closes. */
export const RESULT_STEPS: readonly { from: PaperStatus; to: PaperStatus }[] = [
	{ from: 'ballot', to: 'adopted' },
	{ from: 'ballot', to: 'not_adopted' }
];

export function stepAllowedFrom(step: StepName, status: PaperStatus): boolean {
	return (STEPS[step].from as readonly PaperStatus[]).includes(status);
}

/** Every (from, to) pair the machine knows, for checks and tests. */
export function allTransitions(): { from: PaperStatus; to: PaperStatus }[] {
	const out = STEP_NAMES.flatMap((name) => STEPS[name].from.map((from) => ({ from, to: STEPS[name].to as PaperStatus })));
	return [...out, ...RESULT_STEPS];
}
