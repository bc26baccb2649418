// How a version is called on screen. Names of workflow versions are stored data (in the
// federation's language); restore and automatic versions get a label in the reader's language.
import type { VersionKind } from '$server/db/schema';

export interface LabelledVersion {
	number: number;
	name: string;
	kind: VersionKind;
	restoredFrom: { number: number; name: string } | null;
}

type T = (key: string, params?: Record<string, string | number>) => string;

export function versionLabel(t: T, v: LabelledVersion): string {
	if (v.kind === 'restore' && v.restoredFrom) {
		return v.restoredFrom.name ? t('versions.label.restoreNamed', { number: v.restoredFrom.number, name: v.restoredFrom.name }) : t('versions.label.restore', { number: v.restoredFrom.number });
	}
	if (v.kind === 'auto') return t('versions.label.auto');
	return v.name || t('versions.label.unnamed');
}

/** "Version 3 · Sitzung am Dienstag" */
export function versionTitle(t: T, v: LabelledVersion): string {
	return `${t('versions.number', { number: v.number })} · ${versionLabel(t, v)}`;
}
