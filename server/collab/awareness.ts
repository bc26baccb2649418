// Awareness is not authenticated by y-protocols: any client can claim any name, colour or another
// client's id. Before an awareness update reaches the shared Awareness, it is rewritten here:
// entries for client ids this connection may not speak for are dropped, and `user` is replaced by
// what the session says.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { CloseCode } from './close-codes.ts';
import { ProtocolError } from './protocol.ts';

export interface AwarenessUser {
	id: string;
	name: string;
	color: string;
}

/**
 * @param admit whether the connection may set the state of this client id (claims it if free)
 * @returns the rewritten update, or null when no entry is left
 */
export function rewriteAwareness(update: Uint8Array, admit: (clientId: number) => boolean, user: AwarenessUser): Uint8Array | null {
	const entries: { clientId: number; clock: number; state: string }[] = [];
	try {
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		for (let i = 0; i < count; i++) {
			const clientId = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const raw: unknown = JSON.parse(decoding.readVarString(decoder));
			if (!admit(clientId)) continue;
			entries.push({ clientId, clock, state: JSON.stringify(withUser(raw, user)) });
		}
		if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
	} catch {
		throw new ProtocolError(CloseCode.invalidPayload, 'malformed awareness update');
	}
	if (entries.length === 0) return null;
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(encoder, entry.clientId);
		encoding.writeVarUint(encoder, entry.clock);
		encoding.writeVarString(encoder, entry.state);
	}
	return encoding.toUint8Array(encoder);
}

function withUser(state: unknown, user: AwarenessUser): Record<string, unknown> | null {
	// null means "this client left"; keep it so that its caret disappears for the others.
	if (state === null) return null;
	const object = typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : {};
	return { ...object, user };
}
