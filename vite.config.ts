import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';

/**
 * Attaches the collaboration websocket to Vite's dev server. The handler is loaded through
 * ssrLoadModule so that it shares every module instance (database, document registry) with the
 * pages; a plain import would make a second copy. Vite's own HMR socket is left alone.
 */
function collaboration(): Plugin {
	return {
		name: 'mitsprache-collaboration',
		apply: 'serve',
		configureServer(server) {
			if (!server.httpServer) return; // vitest and middleware mode have no HTTP server
			process.env.MITSPRACHE_DEMO ??= '1'; // the development start seeds the demo accounts
			server.httpServer.on('upgrade', (req, socket, head) => {
				if (!req.url?.startsWith('/collab/')) return;
				server
					.ssrLoadModule('/server/collab/upgrade.ts')
					.then((mod) => mod.handleUpgrade(req, socket, head))
					.catch((err) => {
						console.error('[collab] could not load the handler', err);
						socket.destroy();
					});
			});
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), collaboration()],
	test: {
		include: ['tests/**/*.test.ts'],
		exclude: ['tests/e2e/**', 'node_modules/**'],
		globalSetup: ['tests/setup/global.ts'],
		testTimeout: 60_000,
		hookTimeout: 120_000,
		// PGlite instances are heavy; two workers fit the 2-core machine.
		maxWorkers: 2
	}
});
