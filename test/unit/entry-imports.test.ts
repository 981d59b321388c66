// What the entry evaluates before its first frame: the modules cli.tsx reaches through static
// imports (a dynamic import() is evaluated only when it runs). React, Ink, yoga and dockerode come
// after the rows are on screen (readme, "Performance"); one constant imported from the wrong
// module once brought dockerode (~10 ms) back in front of the first frame.
import {build} from 'esbuild';
import {expect, test} from 'vitest';

const laterPackages = ['dockerode', 'docker-modem', 'ink', 'react', 'react-reconciler', 'yoga-layout'];

test("the entry's static imports reach none of React, Ink, yoga, dockerode or the built-ins only some paths need", async () => {
	const {metafile} = await build({
		entryPoints: ['cli.tsx'],
		bundle: true,
		write: false,
		metafile: true,
		platform: 'node',
		format: 'esm',
		outdir: 'unused',
		logLevel: 'silent',
		external: ['react-devtools-core', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'ssh2'],
	});
	const reached = new Set<string>();
	const builtins = new Set<string>();
	const walk = (path: string) => {
		if (reached.has(path)) return;
		reached.add(path);
		for (const imported of metafile.inputs[path]?.imports ?? []) {
			if (imported.kind === 'dynamic-import') continue;
			if (imported.external) builtins.add(imported.path.replace(/^node:/, ''));
			else walk(imported.path);
		}
	};
	walk('cli.tsx');
	// Nor the built-ins only some paths need (the build loads those when the importing module is
	// evaluated, scripts/build.mjs): crypto alone took 7.6 ms of the start, through layers.ts.
	expect([...builtins].filter(name => ['crypto', 'tls', 'https', 'child_process', 'zlib', 'readline', 'dns', 'worker_threads'].includes(name))).toEqual([]);
	expect(builtins.has('http')).toBe(true);
	const packageOf = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
	expect(reached.size).toBeGreaterThan(20);
	expect([...new Set([...reached].map(packageOf))].filter(name => name !== undefined && laterPackages.includes(name))).toEqual([]);
	// And they are in the bundle, reached through import(): the test sees the graph it means to.
	expect(Object.keys(metafile.inputs).some(path => packageOf(path) === 'dockerode')).toBe(true);
	expect(Object.keys(metafile.inputs).some(path => packageOf(path) === 'ink')).toBe(true);
});
