// Debian's Chromium as the browser tests and the benchmarks start it.
import { chromium, type Browser } from 'playwright-core';

// Without the background-networking flags Chromium keeps calling home on a closed network.
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage'
];

/** A fresh browser with a temporary profile (`CHROMIUM_PATH` overrides /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
}
