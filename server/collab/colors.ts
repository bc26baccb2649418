// A person's caret colour, derived from their id so that it is the same in every tab and for every
// reader, and so that a client cannot choose it. No imports: the browser may use it too.

// Dark enough for white caret labels (WCAG AA on the label text), distinct enough side by side.
const PALETTE = [
	'#b3261e', '#0b57d0', '#146c2e', '#8e24aa', '#a14f00', '#00696d',
	'#c2185b', '#4a5a9c', '#5d6b00', '#6d4c41', '#00796b', '#7b1fa2'
] as const;

export function colorFor(personId: string): string {
	// FNV-1a: stable and cheap; cryptographic strength buys nothing here.
	let hash = 0x811c9dc5;
	for (let i = 0; i < personId.length; i++) {
		hash ^= personId.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return PALETTE[(hash >>> 0) % PALETTE.length];
}
