// An audit entry's action in the reader's language. The labels cover server/audit.ts's
// AUDIT_ACTIONS; a code stored before it was listed (or renamed) has none and shows as it is.
import { hasMessage } from '$lib/i18n';

type T = (key: string) => string;

/** The label for a stored action code, or null when there is none (then show the code). */
export function auditActionLabel(t: T, action: string): string | null {
	const key = `audit.action.${action}`;
	return hasMessage(key) ? t(key) : null;
}
