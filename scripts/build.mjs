// Bundles cli.tsx and everything it imports into one executable file, dist/cli.js.
import {build} from 'esbuild';
import {chmod, readFile} from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

// Ink loads React DevTools only in development; the bundle gets an empty stand-in instead.
const withoutDevtools = {
	name: 'without-devtools',
	setup(builder) {
		builder.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
		builder.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
	},
};

// Yoga's wasm loader fetch()es its own base64 data: URL; in Node merely reading `fetch` loads
// undici (~50 ms of start-up). The loader decodes the same data synchronously when told there is
// no fetch, which is what this edit does.
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(builder) {
		builder.onLoad({filter: /yoga-wasm-base64-esm\.js$/}, async ({path}) => {
			const source = await readFile(path, 'utf8');
			const probe = '"function"!=typeof fetch?Promise.resolve()';
			if (!source.includes(probe)) throw new Error('yoga-layout changed: its wasm loader no longer matches; revisit yogaWithoutFetch');
			return {contents: source.replace(probe, '!0?Promise.resolve()'), loader: 'js'};
		});
	},
};

await build({
	entryPoints: ['cli.tsx'],
	outfile: 'dist/cli.js',
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'esm',
	minify: true,
	legalComments: 'none',
	// dockerode's ssh transport pulls in optional native addons; they stay outside the bundle
	// and are loaded only when present.
	external: ['cpu-features', '*.node'],
	plugins: [withoutDevtools, yogaWithoutFetch],
	define: {'process.env.DOCKSWAB_VERSION': JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"'},
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __createRequire} from 'node:module';const require=__createRequire(import.meta.url);import {fileURLToPath as __fileURLToPath} from 'node:url';import {dirname as __pathDirname} from 'node:path';const __filename=__fileURLToPath(import.meta.url);const __dirname=__pathDirname(__filename);",
	},
	logLevel: 'warning',
});
await chmod('dist/cli.js', 0o755);
