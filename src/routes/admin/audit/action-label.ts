// An audit entry's action and object type in the reader's language. The labels cover
// server/audit.ts's AUDIT_ACTIONS and AUDIT_OBJECT_TYPES; a code stored before it was listed (or
// renamed) has none and shows as it is.
import { hasMessage } from '$lib/i18n';

type T = (key: string) => string;

const label = (t: T, key: string): string | null => (hasMessage(key) ? t(key) : null);

/** The label for a stored action code, or null when there is none (then show the code). */
export function auditActionLabel(t: T, action: string): string | null {
	return label(t, `audit.action.${action}`);
}

/** The label for a stored object type, or the code itself when there is none. */
export function auditObjectTypeLabel(t: T, objectType: string): string {
	return label(t, `audit.objectType.${objectType}`) ?? objectType;
}
