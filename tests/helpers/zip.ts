// Reads the entries of a zip file (a DOCX is one) with node:zlib alone: enough to check that a
// package opens and to read its XML, without an unzip binary on the test machine.
import { inflateRawSync } from 'node:zlib';

export function readZip(data: Uint8Array): Map<string, Buffer> {
	const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
	// The end of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
	let eocd = -1;
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
		if (buf.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new Error('not a zip file: no end of central directory');
	const count = buf.readUInt16LE(eocd + 10);
	let p = buf.readUInt32LE(eocd + 16);
	const entries = new Map<string, Buffer>();
	for (let n = 0; n < count; n++) {
		if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('broken central directory');
		const method = buf.readUInt16LE(p + 10);
		const compressedSize = buf.readUInt32LE(p + 20);
		const nameLength = buf.readUInt16LE(p + 28);
		const extraLength = buf.readUInt16LE(p + 30);
		const commentLength = buf.readUInt16LE(p + 32);
		const localOffset = buf.readUInt32LE(p + 42);
		const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
		if (buf.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`broken local header for ${name}`);
		const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
		const raw = buf.subarray(start, start + compressedSize);
		if (method === 0) entries.set(name, Buffer.from(raw));
		else if (method === 8) entries.set(name, inflateRawSync(raw));
		else throw new Error(`unknown compression ${method} for ${name}`);
		p += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}
