// Messages for every client of a paper, framed once. A server's websocket frames are not masked
// (RFC 6455, 5.1), so the same bytes are a valid frame on every connection: the messages that
// one commit releases (edits, the carets after them) become one buffer, written to each socket
// with one write. Sending each message through ws instead cost a frame, a few objects and a
// system call per message and connection, which made broadcasting most of the server's work.

const FIN_BINARY = 0x82;

function headerLength(length: number): number {
	return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/** Binary websocket frames (FIN set, unmasked) for these messages, back to back in one buffer. */
export function frameMessages(messages: readonly Uint8Array[]): Buffer {
	let size = 0;
	for (const message of messages) size += headerLength(message.length) + message.length;
	const out = Buffer.allocUnsafe(size);
	let at = 0;
	for (const message of messages) {
		const length = message.length;
		out[at++] = FIN_BINARY;
		if (length < 126) {
			out[at++] = length;
		} else if (length < 65_536) {
			out[at++] = 126;
			out.writeUInt16BE(length, at);
			at += 2;
		} else {
			out[at++] = 127;
			out.writeBigUInt64BE(BigInt(length), at);
			at += 8;
		}
		out.set(message, at);
		at += length;
	}
	return out;
}
