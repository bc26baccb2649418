// Close codes of the collaboration websocket, shared by the server and the browser editor.
// No imports on purpose: the browser bundle may import this file as it is.
// y-websocket 3.1 stops reconnecting on 4400-4499 and retries on everything else.

export const CloseCode = {
	/** No valid session: sign in first. Final. */
	noSession: 4401,
	/** The paper does not exist or the person may not read it. Final. */
	forbidden: 4403,
	/** The change would make the paper larger than the server accepts. Final for this change. */
	tooLarge: 4413,
	/** The person's rights on this paper changed: reconnect and be decided again. */
	rightsChanged: 4100,
	/** The server restarts; reconnect. */
	restarting: 1012,
	/** Text frames or message types this protocol does not know. */
	unsupportedData: 1003,
	/** Bytes that do not decode. */
	invalidPayload: 1007,
	/** Breaking a rule of this server (too many awareness ids, flooding while loading). */
	policyViolation: 1008,
	/** The paper could not be loaded or stored; the client retries later. */
	internalError: 1011,
	/** Too many connections for this paper or person; the client retries later. */
	tryAgainLater: 1013
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];
