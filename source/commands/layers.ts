// `dockswab layers IMAGE` (why an image is big, and a CI check of its wasted bytes) and
// `dockswab diff A B` (what changed between two images), read from the engine's archives.
import {describeConnectionError, pinnedEngine, unversionedClient, withTimeout, type Engine} from '../engine/connect';
import {engineMessage} from '../engine/errors';
import {findImage, ImageArchiveError, readImageFiles, type ImageHeadline} from '../engine/image-files';
import type {EngineTarget} from '../engine/target';
import {analyseImage} from '../domain/layer-analysis';
import {diffImages} from '../domain/image-diff';
import type {ImageFiles} from '../domain/layer-files';
import {checkFailures, diffJson, diffText, layersJson, layersText, type WasteCheck} from '../view/layers-text';
import {formatBytes} from '../domain/format';
import {exitCodes, outputWidth, type CommandOutput} from './plan';

type Failure = {readonly error: string};
type ReadImage = {readonly image: ImageHeadline & {readonly reference: string}; readonly files: ImageFiles};

const failed = (error: string): CommandOutput => ({stdout: '', stderr: `dockswab: ${error}\n`, exitCode: exitCodes.unusable});

async function connect(target: EngineTarget): Promise<Engine | Failure> {
	try {
		return pinnedEngine(target, await withTimeout(unversionedClient(target).version(), 10_000, 'the engine'));
	} catch (error) {
		const {error: message, hint} = describeConnectionError(target, error);
		return {error: `${message} ${hint}`};
	}
}

/** Where a read's progress goes: a line redrawn on a terminal's stderr, at most ~10 times a second. */
export type ProgressLine = (text: string) => void;

async function readImage(engine: Engine, reference: string, progress?: ProgressLine): Promise<ReadImage | Failure> {
	try {
		const image = await findImage(engine.docker, reference);
		if (!image) return {error: `no such image: ${reference}`};
		let shown = 0;
		const onProgress =
			progress &&
			((bytes: number) => {
				if (Date.now() - shown < 100) return;
				shown = Date.now();
				progress(`reading ${reference}: ${formatBytes(bytes)}${image.size > 0 ? ` of about ${formatBytes(image.size)}` : ''}`);
			});
		return {image: {...image, reference}, files: await readImageFiles(engine.docker, image.id, {onProgress})};
	} catch (error) {
		if (error instanceof ImageArchiveError) return {error: `${reference}: ${error.message}`};
		return {error: `${reference}: the engine failed: ${engineMessage(error)}`};
	} finally {
		progress?.('');
	}
}

export type LayersOptions = {readonly reference: string; readonly json: boolean; readonly top: number} & WasteCheck;

/** Exit codes: 0, 1 when the image breaks a --max-wasted or --min-efficiency limit, 2 on bad input or an unreadable engine or image. */
export async function runLayersCommand(target: EngineTarget, options: LayersOptions, progress?: ProgressLine): Promise<CommandOutput> {
	const engine = await connect(target);
	if ('error' in engine) return failed(engine.error);
	const read = await readImage(engine, options.reference, progress);
	if ('error' in read) return failed(read.error);
	const analysis = analyseImage(read.files);
	const check = {maxWastedBytes: options.maxWastedBytes, minEfficiency: options.minEfficiency};
	const failures = checkFailures(analysis, check);
	const exitCode = failures.length > 0 ? exitCodes.incomplete : exitCodes.done;
	const stderr = failures.map(failure => `dockswab: ${failure}\n`).join('');
	if (options.json) return {stdout: `${JSON.stringify(layersJson(read.image, analysis, options.top, check), null, 2)}\n`, stderr, exitCode};
	return {stdout: `${layersText(read.image, analysis, options.top, outputWidth()).join('\n')}\n`, stderr, exitCode};
}

/** Exit codes: 0, 2 on bad input or an unreadable engine or image. */
export async function runDiffCommand(target: EngineTarget, options: {readonly before: string; readonly after: string; readonly json: boolean}, progress?: ProgressLine): Promise<CommandOutput> {
	const engine = await connect(target);
	if ('error' in engine) return failed(engine.error);
	// One after the other: each archive is a full read of the engine's disk.
	const before = await readImage(engine, options.before, progress);
	if ('error' in before) return failed(before.error);
	const after = await readImage(engine, options.after, progress);
	if ('error' in after) return failed(after.error);
	const diff = diffImages(before.files, after.files);
	const named = (read: ReadImage) => ({reference: read.image.reference, id: read.image.id});
	if (options.json) return {stdout: `${JSON.stringify(diffJson(named(before), named(after), diff), null, 2)}\n`, stderr: '', exitCode: exitCodes.done};
	return {stdout: `${diffText(named(before), named(after), diff).join('\n')}\n`, stderr: '', exitCode: exitCodes.done};
}
