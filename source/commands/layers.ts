// `dockswab layers IMAGE` (why an image is big, and a CI check of its wasted bytes) and
// `dockswab diff A B` (what changed between two images), read from the engine's archives.
import {describeConnectionError, pinnedEngine, unversionedClient, withTimeout, type Engine} from '../engine/connect';
import {engineMessage} from '../engine/errors';
import {findImage, ImageArchiveError, readImageFiles, type ImageHeadline} from '../engine/image-files';
import type {EngineTarget} from '../engine/target';
import {analyseImage} from '../domain/layer-analysis';
import {diffImages} from '../domain/image-diff';
import type {ImageFiles} from '../domain/layer-files';
import {checkFailures, diffJson, diffText, layersJson, layersText, type WasteCheck} from '../domain/layers-text';
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

async function readImage(engine: Engine, reference: string): Promise<ReadImage | Failure> {
	try {
		const image = await findImage(engine.docker, reference);
		if (!image) return {error: `no such image: ${reference}`};
		return {image: {...image, reference}, files: await readImageFiles(engine.docker, image.id)};
	} catch (error) {
		if (error instanceof ImageArchiveError) return {error: `${reference}: ${error.message}`};
		return {error: `${reference}: the engine failed: ${engineMessage(error)}`};
	}
}

export type LayersOptions = {readonly reference: string; readonly json: boolean; readonly top: number} & WasteCheck;

/** Exit codes: 0, 1 when the image breaks a --max-wasted or --min-efficiency limit, 2 on bad input or an unreadable engine or image. */
export async function runLayersCommand(target: EngineTarget, options: LayersOptions): Promise<CommandOutput> {
	const engine = await connect(target);
	if ('error' in engine) return failed(engine.error);
	const read = await readImage(engine, options.reference);
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
export async function runDiffCommand(target: EngineTarget, options: {readonly before: string; readonly after: string; readonly json: boolean}): Promise<CommandOutput> {
	const engine = await connect(target);
	if ('error' in engine) return failed(engine.error);
	// One after the other: each archive is a full read of the engine's disk.
	const before = await readImage(engine, options.before);
	if ('error' in before) return failed(before.error);
	const after = await readImage(engine, options.after);
	if ('error' in after) return failed(after.error);
	const diff = diffImages(before.files, after.files);
	const named = (read: ReadImage) => ({reference: read.image.reference, id: read.image.id});
	if (options.json) return {stdout: `${JSON.stringify(diffJson(named(before), named(after), diff), null, 2)}\n`, stderr: '', exitCode: exitCodes.done};
	return {stdout: `${diffText(named(before), named(after), diff).join('\n')}\n`, stderr: '', exitCode: exitCodes.done};
}
