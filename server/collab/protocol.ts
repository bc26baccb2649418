// The y-websocket wire format (y-protocols sync and awareness), read strictly: anything that does
// not decode exactly is a ProtocolError with the close code for that one connection.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

export type Incoming =
	| { kind: 'sync-step-1'; stateVector: Uint8Array }
	| { kind: 'sync-step-2'; update: Uint8Array }
	| { kind: 'update'; update: Uint8Array }
	| { kind: 'awareness'; update: Uint8Array }
	| { kind: 'query-awareness' };

export class ProtocolError extends Error {
	constructor(
		readonly code: number,
		message: string
	) {
		super(message);
	}
}

/** Parses one binary frame. Throws ProtocolError (1003 unknown type, 1007 malformed). */
export function parseMessage(frame: Uint8Array): Incoming {
	const decoder = decoding.createDecoder(frame);
	const message = read(decoder);
	// y-websocket sends exactly one message per frame; trailing bytes mean a broken or forged frame.
	if (decoding.hasContent(decoder)) throw new ProtocolError(CloseCode.invalidPayload, 'trailing bytes');
	return message;
}

function read(decoder: decoding.Decoder): Incoming {
	try {
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MESSAGE_SYNC: {
				const step = decoding.readVarUint(decoder);
				const payload = decoding.readVarUint8Array(decoder);
				switch (step) {
					case SYNC_STEP_1:
						Y.decodeStateVector(payload); // throws on garbage before we answer with it
						return { kind: 'sync-step-1', stateVector: payload };
					case SYNC_STEP_2:
						return { kind: 'sync-step-2', update: payload };
					case SYNC_UPDATE:
						return { kind: 'update', update: payload };
					default:
						throw new ProtocolError(CloseCode.unsupportedData, `unknown sync step ${step}`);
				}
			}
			case MESSAGE_AWARENESS:
				return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
			case MESSAGE_QUERY_AWARENESS:
				return { kind: 'query-awareness' };
			default:
				// Includes auth messages (2): only the server sends those.
				throw new ProtocolError(CloseCode.unsupportedData, `unknown message type ${type}`);
		}
	} catch (err) {
		if (err instanceof ProtocolError) throw err;
		throw new ProtocolError(CloseCode.invalidPayload, 'malformed message');
	}
}

/** Checks that an update (structs and delete set) decodes completely before it touches the live document. */
export function assertUpdateDecodes(update: Uint8Array): void {
	try {
		Y.decodeUpdate(update);
	} catch {
		throw new ProtocolError(CloseCode.invalidPayload, 'malformed update');
	}
}

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE_SYNC);
		encoding.writeVarUint(e, SYNC_STEP_1);
		encoding.writeVarUint8Array(e, stateVector);
	});

export const encodeSyncStep2 = (update: Uint8Array) =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE_SYNC);
		encoding.writeVarUint(e, SYNC_STEP_2);
		encoding.writeVarUint8Array(e, update);
	});

export const encodeUpdate = (update: Uint8Array) =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE_SYNC);
		encoding.writeVarUint(e, SYNC_UPDATE);
		encoding.writeVarUint8Array(e, update);
	});

export const encodeAwareness = (update: Uint8Array) =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(e, update);
	});
