// `docker build` through the engine API: the context as a tar stream (honouring .dockerignore the
// way the docker CLI does), POST /build, and the build log as stream lines.
import {randomBytes} from 'node:crypto';
import {lstatSync} from 'node:fs';
import {lstat, readFile, realpath} from 'node:fs/promises';
import {isAbsolute, posix, relative, resolve, sep} from 'node:path';
import {createInterface} from 'node:readline';
import dockerignore from '@balena/dockerignore';
import type Docker from 'dockerode';
import {pack, type Headers, type PackOptions} from 'tar-fs';
import {engineMessage} from './errors';
import {TransferError, type StreamLine} from './transfer';

/** The context stream and where the Dockerfile sits inside it (the `dockerfile` build parameter). */
export type PreparedContext = {readonly stream: NodeJS.ReadableStream; readonly dockerfile: string};

// tar-fs reads these options, its type definitions do not list them.
type PackOptionsInFull = PackOptions & {readonly umask: number; readonly sort: boolean};

/** Tar stream of `contextDir` honouring .dockerignore; the Dockerfile (path relative to the context or absolute) always included. */
export async function buildContext(contextDir: string, dockerfile: string): Promise<NodeJS.ReadableStream> {
	return (await prepareContext(contextDir, dockerfile)).stream;
}

export async function prepareContext(contextDir: string, dockerfile: string): Promise<PreparedContext> {
	const context = await realpath(contextDir).catch(() => {
		throw failed(`no build context at ${contextDir}`);
	});
	if (!(await lstat(context)).isDirectory()) throw failed(`the build context ${contextDir} is not a directory`);
	const dockerfilePath = isAbsolute(dockerfile) ? dockerfile : resolve(context, dockerfile);
	const dockerfileStat = await lstat(dockerfilePath).catch(() => null);
	if (!dockerfileStat || dockerfileStat.isDirectory()) throw failed(`no Dockerfile at ${dockerfilePath}`);

	const dockerfileInContext = toSlash(relative(context, dockerfilePath));
	const inside = dockerfileInContext !== '' && !dockerfileInContext.startsWith('../') && !isAbsolute(dockerfileInContext);
	const ignoreText = await readFile(resolve(context, '.dockerignore'), 'utf8').catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') return '';
		throw failed(`cannot read ${resolve(context, '.dockerignore')}: ${error.message}`);
	});
	// As the docker CLI does: the Dockerfile and .dockerignore go to the engine even when ignored.
	const alwaysSent = inside ? ['.dockerignore', dockerfileInContext] : ['.dockerignore'];
	const lines = [...ignoreText.split(/\r?\n/), ...alwaysSent.map(path => `!${path}`)];
	const matcher = dockerignore({ignorecase: false}).add(lines);
	const exceptions = exceptionPatterns(lines);

	// An ignored directory is still walked when an exception names something under it; the test
	// is the docker CLI's (a prefix match on the exception pattern), so both send the same files.
	const ignore = (absolute: string): boolean => {
		const path = toSlash(relative(context, absolute));
		if (!matcher.ignores(path)) return false;
		if (exceptions.length === 0) return true;
		const prefix = `${path}/`;
		return !(exceptions.some(pattern => `${pattern}/`.startsWith(prefix)) && isDirectory(absolute));
	};

	const outsideContent = inside ? null : await readFile(dockerfilePath);
	const outsideName = `.dockerfile.${randomBytes(10).toString('hex')}`;
	const options: PackOptionsInFull = {
		ignore,
		sort: true,
		// Modes as they are on disk, not narrowed by this process's umask.
		umask: 0,
		// The engine owns what it unpacks as root, as with the docker CLI; local IDs mean nothing there.
		map: (header: Headers) => ({...header, uid: 0, gid: 0}),
		finalize: false,
		finish: tar => {
			if (outsideContent) tar.entry({name: outsideName, mode: 0o644, mtime: dockerfileStat.mtime, uid: 0, gid: 0}, outsideContent);
			tar.finalize();
		},
	};
	return {stream: pack(context, options), dockerfile: inside ? dockerfileInContext : outsideName};
}

/** POST /build with t=reference; lines (stream, aux.ID, errorDetail) to onLine; a failed step throws TransferError kind 'failed' with the engine's error and the step's output in the log. Resolves with the image ID. */
export async function buildImage(
	docker: Docker,
	contextDir: string,
	dockerfile: string,
	reference: string,
	onLine: (line: StreamLine) => void,
	signal: AbortSignal,
): Promise<{readonly imageId: string}> {
	try {
		return await buildOnce(docker, contextDir, dockerfile, reference, onLine, signal);
	} catch (error) {
		// The classic builder of dockerd 20.10 now and then loses a step's intermediate container
		// and fails with "unknown parent image ID"; the same build then succeeds (from the cache
		// up to that step), so one more attempt spares the user a failure that is not theirs.
		if (!(error instanceof TransferError) || !/unknown parent image ID/i.test(error.message) || signal.aborted) throw error;
		onLine({stream: `The engine lost an intermediate step (${error.message}); building again.\n`});
		return buildOnce(docker, contextDir, dockerfile, reference, onLine, signal);
	}
}

async function buildOnce(docker: Docker, contextDir: string, dockerfile: string, reference: string, onLine: (line: StreamLine) => void, signal: AbortSignal): Promise<{readonly imageId: string}> {
	if (signal.aborted) throw aborted();
	const context = await prepareContext(contextDir, dockerfile);
	// A file that cannot be read ends the tar stream with an error; the request then fails with
	// a vaguer one, so the first error wins.
	let contextError: TransferError | null = null;
	context.stream.on('error', (error: NodeJS.ErrnoException) => {
		contextError ??= failed(`cannot send the build context: ${error.message}`);
	});
	let response: NodeJS.ReadableStream;
	try {
		// forcerm: a failed step's container goes too (the docker CLI keeps it); a housekeeping
		// tool should not leave clutter behind its own builds.
		response = (await docker.buildImage(context.stream, {t: reference, dockerfile: context.dockerfile, forcerm: true, abortSignal: signal})) as NodeJS.ReadableStream;
	} catch (error) {
		destroy(context.stream);
		if (signal.aborted) throw aborted();
		throw contextError ?? failed(engineMessage(error));
	}
	return readBuildStream(docker, response, onLine, signal, () => contextError);
}

async function readBuildStream(
	docker: Docker,
	response: NodeJS.ReadableStream,
	onLine: (line: StreamLine) => void,
	signal: AbortSignal,
	contextError: () => TransferError | null,
): Promise<{readonly imageId: string}> {
	let imageId: string | null = null;
	let shortId: string | null = null;
	let error: TransferError | null = null;
	try {
		for await (const text of createInterface({input: response, crlfDelay: Infinity})) {
			if (text.trim() === '') continue;
			const line = parseLine(text);
			onLine(line);
			if (line.aux?.ID) imageId = line.aux.ID;
			const built = /^Successfully built ([0-9a-f]+)\s*$/.exec(line.stream ?? '');
			if (built) shortId = built[1]!;
			if (line.error !== undefined || line.errorDetail) error ??= failed(oneLine(line.errorDetail?.message ?? line.error ?? 'the build failed'));
		}
	} catch (streamError) {
		if (signal.aborted) throw aborted();
		throw contextError() ?? failed(`the build stream broke off: ${engineMessage(streamError)}`);
	}
	if (signal.aborted) throw aborted();
	if (error) throw error;
	if (imageId) return {imageId: imageId.replace(/^sha256:/, '')};
	if (shortId) {
		const info = await docker.getImage(shortId).inspect();
		return {imageId: info.Id.replace(/^sha256:/, '')};
	}
	throw contextError() ?? failed('the engine ended the build without naming an image');
}

function parseLine(text: string): StreamLine {
	try {
		const value: unknown = JSON.parse(text);
		if (value && typeof value === 'object' && !Array.isArray(value)) return value as StreamLine;
	} catch {
		// Not JSON: an engine or proxy that answers in plain text; shown as log text below.
	}
	return {stream: `${text}\n`};
}

/** The `!` patterns of a .dockerignore, cleaned as the docker CLI cleans them. */
function exceptionPatterns(lines: readonly string[]): string[] {
	return lines
		.map(line => line.trim())
		.filter(line => line.startsWith('!'))
		.map(line => posix.normalize(line.slice(1).trim()).replace(/^\/+/, ''))
		.filter(pattern => pattern !== '' && pattern !== '.');
}

// tar-fs calls `ignore` inside a callback, where a throw would escape every handler: a path gone
// since the directory was read is simply not sent.
function isDirectory(path: string): boolean {
	try {
		return lstatSync(path).isDirectory();
	} catch {
		return false;
	}
}

function toSlash(path: string): string {
	return path.split(sep).join('/');
}

function oneLine(text: string): string {
	return text.trim().split('\n')[0] || 'the build failed';
}

function destroy(stream: NodeJS.ReadableStream): void {
	(stream as NodeJS.ReadableStream & {destroy?: () => void}).destroy?.();
}

function failed(message: string): TransferError {
	return new TransferError({kind: 'failed', message});
}

function aborted(): TransferError {
	return new TransferError({kind: 'aborted', message: 'the build was cancelled'});
}
