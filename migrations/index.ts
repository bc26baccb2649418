// The list of migrations, imported statically so that the production build bundles them.
// Names sort by time; add new ones at the end.
import type { Migration } from 'kysely';
import * as foundation from './2026-11-25T1400-foundation.ts';
import * as papers from './2026-11-25T1500-papers.ts';
import * as notifications from './2026-11-25T1510-notifications.ts';
import * as versions from './2026-11-25T1600-versions.ts';
import * as visitBaseline from './2026-11-25T1610-visit-baseline.ts';
import * as workflowBallots from './2026-11-26T1000-workflow-ballots.ts';
import * as comments from './2026-11-26T1100-comments.ts';

export const migrations: Record<string, Migration> = {
	'2026-11-25T1400-foundation': foundation,
	'2026-11-25T1500-papers': papers,
	'2026-11-25T1510-notifications': notifications,
	'2026-11-25T1600-versions': versions,
	'2026-11-25T1610-visit-baseline': visitBaseline,
	'2026-11-26T1000-workflow-ballots': workflowBallots,
	'2026-11-26T1100-comments': comments
};
