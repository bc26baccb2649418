// A tiny SMTP server on a free local port, speaking just enough of RFC 5321 for nodemailer:
// EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. No TLS and no AUTH are offered, so the client
// sends in plain text. Received messages are kept for the test to inspect.
import { createServer, type Server, type Socket } from 'node:net';

export interface ReceivedMail {
	from: string;
	to: string[];
	/** the raw message: headers, blank line, body (dot-stuffing undone) */
	data: string;
}

export interface SmtpServer {
	url: string;
	messages: ReceivedMail[];
	/** Resolves with the next message (or one already received and not yet taken). */
	next(): Promise<ReceivedMail>;
	close(): Promise<void>;
}

export async function startSmtpServer(): Promise<SmtpServer> {
	const messages: ReceivedMail[] = [];
	let taken = 0;
	const waiting: ((m: ReceivedMail) => void)[] = [];
	const sockets = new Set<Socket>();

	const server: Server = createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		socket.setEncoding('utf8');
		const reply = (line: string) => socket.write(line + '\r\n');
		let buffer = '';
		let inData = false;
		let envelope: { from: string; to: string[] } = { from: '', to: [] };
		let dataLines: string[] = [];

		reply('220 localhost test SMTP');
		socket.on('data', (chunk: string) => {
			buffer += chunk;
			let nl: number;
			while ((nl = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, nl);
				buffer = buffer.slice(nl + 2);
				if (inData) {
					if (line === '.') {
						inData = false;
						const mail = { ...envelope, data: dataLines.join('\r\n') };
						envelope = { from: '', to: [] };
						dataLines = [];
						messages.push(mail);
						const w = waiting.shift();
						if (w) {
							taken++;
							w(mail);
						}
						reply('250 2.0.0 queued');
					} else {
						dataLines.push(line.startsWith('.') ? line.slice(1) : line);
					}
					continue;
				}
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') {
					reply('250-localhost');
					reply('250-8BITMIME');
					reply('250 SMTPUTF8');
				} else if (verb === 'HELO') reply('250 localhost');
				else if (verb === 'MAIL') {
					envelope.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
					reply('250 2.1.0 ok');
				} else if (verb === 'RCPT') {
					envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					reply('250 2.1.5 ok');
				} else if (verb === 'DATA') {
					inData = true;
					reply('354 end with <CRLF>.<CRLF>');
				} else if (verb === 'RSET') {
					envelope = { from: '', to: [] };
					reply('250 ok');
				} else if (verb === 'NOOP') reply('250 ok');
				else if (verb === 'QUIT') {
					reply('221 bye');
					socket.end();
				} else reply('502 5.5.2 not implemented');
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;

	return {
		url: `smtp://127.0.0.1:${port}`,
		messages,
		next() {
			if (taken < messages.length) return Promise.resolve(messages[taken++]);
			return new Promise((resolve) => waiting.push(resolve));
		},
		async close() {
			for (const s of sockets) s.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
