// The limits on comments, apart from the service so that the browser can show them (counter,
// messages) without pulling in server code.
export const MAX_COMMENT_LENGTH = 5000;
export const COMMENTS_PER_MINUTE = 10;

/** Placeholders for the comment error messages that name a limit. */
export function commentErrorParams(key: string | null | undefined): Record<string, number> | undefined {
	if (key === 'comments.error.tooLong') return { max: MAX_COMMENT_LENGTH };
	if (key === 'comments.error.rate') return { max: COMMENTS_PER_MINUTE };
	return undefined;
}
