// Components get the translator from context; it reads the locale through a getter, so a
// language switch re-renders every string without reloading the page.
import { getContext, setContext } from 'svelte';
import { translate, formatDate, formatDateTime, type Locale, type MessageKey, type Params } from './index.ts';

const KEY = Symbol('i18n');

export interface I18n {
	readonly locale: Locale;
	t(key: MessageKey | string, params?: Params): string;
	dateTime(date: Date | string): string;
	date(date: Date | string): string;
}

export function provideI18n(getLocale: () => Locale): I18n {
	const i18n: I18n = {
		get locale() {
			return getLocale();
		},
		t: (key, params) => translate(getLocale(), key, params),
		dateTime: (d) => formatDateTime(getLocale(), d),
		date: (d) => formatDate(getLocale(), d)
	};
	setContext(KEY, i18n);
	return i18n;
}

export function useI18n(): I18n {
	return getContext<I18n>(KEY);
}
