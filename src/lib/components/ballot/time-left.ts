// "Noch 3 Tage, 4 Stunden": the time left as words, from seconds.
import type { I18n } from '$lib/i18n/context';

export function timeLeftText(t: I18n['t'], seconds: number): string {
	if (seconds < 60) return t('ballot.timeLeft', { time: t('ballot.timeLeft.seconds') });
	const minutes = Math.floor(seconds / 60) % 60;
	const hours = Math.floor(seconds / 3600) % 24;
	const days = Math.floor(seconds / 86400);
	const time = days > 0 ? t('ballot.timeLeft.days', { days, hours }) : seconds >= 3600 ? t('ballot.timeLeft.hours', { hours, minutes }) : t('ballot.timeLeft.minutes', { minutes });
	return t('ballot.timeLeft', { time });
}
