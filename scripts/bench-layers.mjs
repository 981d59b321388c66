// `dockswab layers` for `npm run bench`: reading a large image's files from the engine's archive
// next to `docker save IMAGE > /dev/null`, which streams the same archive and does nothing with
// it. The image is built on the bench engine (classic builder, FROM scratch with the static
// busybox): one layer of random bytes of the asked size and one of 100,000 small files, so both
// the bytes and the per-file work are paid. Runs alternate, so a busy machine weighs on both.
import {execFile} from 'node:child_process';
import {chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {docker, timeCommand} from './bench-process.mjs';

const execFileAsync = promisify(execFile);
const files = 100_000;

async function staticBusybox() {
	const {stdout} = await execFileAsync('dpkg', ['-L', 'busybox-static']);
	const found = stdout.split('\n').find(line => line.endsWith('/bin/busybox'));
	if (!found) throw new Error('busybox-static is not installed (scripts/sandbox install)');
	return found;
}

async function buildImage({env, workDir, mib, reference}) {
	const context = path.join(workDir, 'layers-context');
	mkdirSync(path.join(context, 'rootfs', 'bin'), {recursive: true});
	copyFileSync(await staticBusybox(), path.join(context, 'rootfs', 'bin', 'busybox'));
	chmodSync(path.join(context, 'rootfs', 'bin', 'busybox'), 0o755);
	for (const applet of ['sh', 'head', 'mkdir']) symlinkSync('busybox', path.join(context, 'rootfs', 'bin', applet));
	writeFileSync(
		path.join(context, 'Dockerfile'),
		[
			'FROM scratch',
			'COPY rootfs/ /',
			`RUN head -c ${mib * 1024 * 1024} /dev/urandom > /random.bin`,
			`RUN mkdir /many && cd /many && i=0 && while [ $i -lt ${files} ]; do echo -n x > f$i; i=$((i+1)); done`,
		].join('\n'),
	);
	await execFileAsync('docker', ['build', '--network', 'none', '--force-rm', '-q', '-t', reference, context], {env: {...env, DOCKER_BUILDKIT: '0'}, maxBuffer: 16 << 20});
}

const medianOf = samples => {
	const sorted = [...samples].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export async function measureLayers({env, workDir, cli, runs, mib, log}) {
	const reference = `bench/layers:${mib}mib`;
	const existing = await docker(env, 'images', '-q', reference);
	if (!existing) {
		log(`layers: building a ${mib} MiB image with ${files} files`);
		await buildImage({env, workDir, mib, reference});
	}
	const archiveBytes = Number((await docker(env, 'image', 'inspect', '--format', '{{.Size}}', reference)).trim());
	const saveMs = [];
	const layersMs = [];
	for (let run = 0; run < runs; run++) {
		saveMs.push(await timeCommand('sh', ['-c', 'docker save "$1" > /dev/null', 'sh', reference], env));
		layersMs.push(await timeCommand(process.execPath, [cli, 'layers', reference], env));
	}
	const result = {
		mib,
		files,
		runs,
		imageBytes: archiveBytes,
		saveMs: {samples: saveMs.map(Math.round), median: Math.round(medianOf(saveMs))},
		layersMs: {samples: layersMs.map(Math.round), median: Math.round(medianOf(layersMs))},
	};
	result.ratio = Number((result.layersMs.median / result.saveMs.median).toFixed(2));
	log(`layers ${result.layersMs.median} ms vs docker save ${result.saveMs.median} ms (${result.ratio}×)`);
	return result;
}
