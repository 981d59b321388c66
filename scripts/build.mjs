// Bundles cli.tsx and everything it imports into one executable file, dist/cli.js.
import {build} from 'esbuild';
import {chmod, readFile} from 'node:fs/promises';
import {isBuiltin} from 'node:module';
import {inkOutputEdits} from './ink-output.mjs';
import {stringWidthEmojiGuard} from './string-width-emoji.mjs';

// The bundle's path: dist/cli.js, or the one given (tests build a copy of their own). A second
// argument bundles another entry the same way (the bench's minimal Ink app, scripts/ink-floor.mjs).
const outfile = process.argv[2] ?? 'dist/cli.js';
const entry = process.argv[3] ?? 'cli.tsx';
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

// Code dockswab never runs, left out of the bundle (about 450 KB that node would parse at every
// start): Ink's React DevTools bridge (development only, pulls in ws), the gRPC/protobuf stack
// dockerode loads for BuildKit sessions, which dockswab does not open, and docker-modem's ssh2
// transport with its native addon (ssh:// engines go through the system ssh instead, see
// source/engine/ssh-transport.ts). A stand-in that is used anyway says so instead of failing
// obscurely.
const unusedModules = /^(react-devtools-core|@grpc\/grpc-js|@grpc\/proto-loader|protobufjs|ssh2)$/;
const withoutUnusedModules = {
	name: 'without-unused-modules',
	setup(builder) {
		builder.onResolve({filter: unusedModules}, ({path}) => ({path, namespace: 'unused'}));
		builder.onResolve({filter: /^\.\/devtools\.js$/}, ({importer}) => (/ink[\\/]build/.test(importer) ? {path: 'ink-devtools', namespace: 'unused'} : undefined));
		builder.onLoad({filter: /.*/, namespace: 'unused'}, ({path}) => ({
			contents: `const unused = () => { throw new Error(${JSON.stringify(`${path} is not part of dockswab`)}); };
module.exports = new Proxy(unused, {get: (_, key) => (key === 'default' ? {connectToDevTools() {}} : key === '__esModule' ? false : unused)});`,
			loader: 'js',
		}));
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

// In an ESM bundle esbuild hoists every import of a node built-in to the top of the file, so all
// of them (tls, crypto, zlib, child_process, readline, …) would load at start, ~30 ms, even those
// only the UI or a command uses. Each of those is instead a tiny CommonJS module that require()s
// it when the module importing it is first evaluated. The built-ins the first frame needs anyway
// stay plain imports: going through the CommonJS wrapper copies every export (~5 ms in all).
const neededAtStart = new Set(['fs', 'path', 'os', 'events', 'util', 'url', 'module', 'process', 'tty', 'stream', 'http', 'net', 'buffer', 'timers']);
const lazyBuiltins = {
	name: 'lazy-builtins',
	setup(builder) {
		builder.onResolve({filter: /^[a-z_:/]+$/}, ({path, namespace}) => {
			if (!isBuiltin(path) || neededAtStart.has(path.replace(/^node:/, ''))) return undefined;
			return namespace === 'lazy-builtin' ? {path, external: true} : {path, namespace: 'lazy-builtin'};
		});
		builder.onLoad({filter: /.*/, namespace: 'lazy-builtin'}, ({path}) => ({contents: `module.exports = require(${JSON.stringify(path)});`, loader: 'js'}));
	},
};

await build({
	entryPoints: [entry],
	outfile,
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'esm',
	minify: true,
	legalComments: 'none',
	plugins: [lazyBuiltins, withoutUnusedModules, yogaWithoutFetch, stringWidthEmojiGuard, inkOutputEdits],
	// DOCKSWAB_HOMEPAGE is the URL `docker swab` reports to the docker CLI, once package.json has one.
	define: {'process.env.DOCKSWAB_VERSION': JSON.stringify(pkg.version), 'process.env.DOCKSWAB_HOMEPAGE': JSON.stringify(pkg.homepage ?? ''), 'process.env.NODE_ENV': '"production"'},
	banner: {
		// Line 2 is a no-op for JavaScript and, for sh, starts node with a 1 MiB young generation
		// (V8's default lets it grow to 16 MiB pairs after start-up: ~15 MiB of RSS) and without
		// the memory reducer, whose shrinking collections 8-13 s after start were the only CPU
		// dockswab used while idle (~95 ms at 10,000 images). One V8 worker thread and one malloc
		// arena (unless the environment sets another number): a terminal UI gains nothing from
		// more, and each thread's arena kept ~1-2 MiB resident (~7 MiB of RSS in all). malloc's
		// threshold for giving a block its own mapping is fixed at 32 KiB: glibc raises it (up to
		// 32 MiB) once a large block is freed, after which the parser's and the HTTP client's
		// passing blocks stay in the heap, which never shrinks (~2 MiB of RSS at 10 images).
		// A plain `#!/usr/bin/env -S node …` needs GNU env; sh is everywhere (Alpine included).
		js: '#!/bin/sh\n":" //; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1} MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-32768} exec node --max-semi-space-size=1 --no-memory-reducer --v8-pool-size=1 "$0" "$@"\nimport {createRequire as __createRequire} from \'node:module\';const require=__createRequire(import.meta.url);import {fileURLToPath as __fileURLToPath} from \'node:url\';import {dirname as __pathDirname} from \'node:path\';const __filename=__fileURLToPath(import.meta.url);const __dirname=__pathDirname(__filename);',
	},
	logLevel: 'warning',
});
// esbuild escapes non-ASCII in strings but not in regular expression literals. One such character
// makes V8 hold the whole source as a two-byte string: ~1 MiB more resident memory at every start.
const bundled = await readFile(outfile, 'latin1');
const wide = /[^\x00-\x7F]/.exec(bundled);
if (wide) throw new Error(`${outfile} holds a non-ASCII character near "${bundled.slice(Math.max(0, wide.index - 40), wide.index + 10)}": escape it in the source (\\uXXXX)`);
await chmod(outfile, 0o755);
