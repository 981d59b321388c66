// One file of an image archive (`docker save`), read as it streams past: which kind it is is told
// by its first bytes, never by its name, since the OCI layout names every blob by digest alone.
// JSON (manifests, configs) is kept whole, up to a cap; a layer (a tar, plain or gzip) is read for
// the metadata of its files and nothing else; anything else is noted as what it is.
import {createGunzip, type Gunzip} from 'node:zlib';
import {TarFormatError, TarParser, type TarBodySink, type TarEntry} from '../domain/tar-parser';
import {blockSize, isZeroBlock, parseHeader} from '../domain/tar-header';
import type {LayerEntry} from '../domain/layer-files';

/**
 * Across the whole archive: how many file records may still be kept (past it files are counted
 * only) and counted; `overflowed` once an entry came past the count, when reading should stop.
 */
export type FileBudget = {remaining: number; countable: number; overflowed: boolean};

export type BlobContent =
	| {readonly kind: 'json'; readonly text: string}
	| {readonly kind: 'layer'; readonly files: readonly LayerEntry[]; readonly fileCount: number; readonly fileBytes: number; readonly complete: boolean}
	| {readonly kind: 'unreadable'; readonly reason: string};

/** Manifests and configs are small; a JSON blob bigger than this is no manifest or config of ours. */
const maxJsonBytes = 16 << 20;
/** Decompressed bytes waiting in zlib before the archive is read on. */
const gunzipBacklog = 1 << 20;

const startsWith = (bytes: Buffer, magic: readonly number[]) => magic.every((byte, index) => bytes[index] === byte);
const gzipMagic = [0x1f, 0x8b];
const zstdMagic = [0x28, 0xb5, 0x2f, 0xfd];
const xzMagic = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const bzip2Magic = [0x42, 0x5a, 0x68];

/** Collects one layer's file metadata from its tar. */
class LayerCollector {
	readonly files: LayerEntry[] = [];
	fileCount = 0;
	fileBytes = 0;
	readonly parser = new TarParser(entry => this.take(entry));

	constructor(private readonly budget: FileBudget) {}

	private take(entry: TarEntry): TarBodySink | null {
		if (this.budget.countable === 0) {
			this.budget.overflowed = true;
			return null;
		}
		this.budget.countable--;
		this.fileCount++;
		if (entry.type === 'file') this.fileBytes += entry.size;
		if (this.budget.remaining > 0) {
			this.budget.remaining--;
			this.files.push(entry.linkTarget === '' ? {path: entry.path, type: entry.type, size: entry.size} : {path: entry.path, type: entry.type, size: entry.size, linkTarget: entry.linkTarget});
		}
		return null;
	}
}

/** The first bytes are kept until the kind is known: a tar's first header needs a whole block. */
type Phase =
	| {kind: 'sniffing'; parts: Buffer[]; length: number}
	| {kind: 'json'; parts: Buffer[]; length: number}
	| {kind: 'tar'; layer: LayerCollector}
	| {kind: 'gzip'; layer: LayerCollector; gunzip: Gunzip; finished: Promise<void>}
	| {kind: 'skipped'; reason: string}
	| {kind: 'failed'; reason: string};

export class ArchiveBlob implements TarBodySink {
	private phase: Phase = {kind: 'sniffing', parts: [], length: 0};
	private outcome: Promise<BlobContent> | null = null;

	constructor(private readonly budget: FileBudget) {}

	write(chunk: Buffer): void {
		const {phase} = this;
		if (phase.kind === 'sniffing') {
			phase.parts.push(Buffer.from(chunk));
			phase.length += chunk.length;
			if (phase.length >= blockSize) this.decide(Buffer.concat(phase.parts, phase.length));
		} else this.feed(chunk);
	}

	end(): void {
		if (this.phase.kind === 'sniffing') this.decide(Buffer.concat(this.phase.parts, this.phase.length));
		this.outcome = this.finish();
		// Read by the archive once it has seen every file; never left to count as unhandled meanwhile.
		this.outcome.catch(() => undefined);
	}

	/** A promise while decompressed bytes wait to be read: the archive should pause for it. */
	backlog(): Promise<void> | null {
		const {phase} = this;
		if (phase.kind !== 'gzip' || phase.gunzip.writableLength < gunzipBacklog) return null;
		return new Promise(resolve => {
			const done = () => {
				phase.gunzip.off('drain', done);
				phase.gunzip.off('close', done);
				resolve();
			};
			phase.gunzip.on('drain', done);
			phase.gunzip.on('close', done);
		});
	}

	/** Stops any decompression under way (a cancelled read). */
	destroy(): void {
		if (this.phase.kind === 'gzip') this.phase.gunzip.destroy();
	}

	/** What the file held, once its body has ended. */
	content(): Promise<BlobContent> {
		return this.outcome ?? Promise.resolve({kind: 'unreadable', reason: 'the archive ended inside this file'});
	}

	private decide(head: Buffer): void {
		const first = head.find(byte => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
		if (startsWith(head, gzipMagic)) {
			const layer = new LayerCollector(this.budget);
			const gunzip = createGunzip();
			const phase: Phase = {kind: 'gzip', layer, gunzip, finished: Promise.resolve()};
			phase.finished = new Promise((resolve, reject) => {
				gunzip.on('data', (chunk: Buffer) => {
					try {
						layer.parser.write(chunk);
					} catch (error) {
						reject(error);
						gunzip.destroy();
					}
				});
				gunzip.on('end', resolve);
				gunzip.on('error', reject);
			});
			// Its outcome is read once the layer's body ends (finish); a failure before then must not
			// count as unhandled, which would end the process.
			phase.finished.catch(() => undefined);
			this.phase = phase;
			gunzip.write(head);
		} else if (startsWith(head, zstdMagic)) this.phase = {kind: 'skipped', reason: 'zstd-compressed layer: not supported (Node 20 has no zstd)'};
		else if (startsWith(head, xzMagic) || startsWith(head, bzip2Magic)) this.phase = {kind: 'skipped', reason: 'xz- or bzip2-compressed layer: not supported'};
		// Before JSON: a tar whose first name starts with "{" is still a tar, and no JSON has a tar checksum.
		else if (head.length === 0 || (head.length >= blockSize && (isZeroBlock(head) || !('invalid' in parseHeader(head.subarray(0, blockSize)))))) {
			this.phase = {kind: 'tar', layer: new LayerCollector(this.budget)};
			this.feed(head);
		} else if (first === 0x7b || first === 0x5b) this.phase = {kind: 'json', parts: [head], length: head.length};
		else this.phase = {kind: 'skipped', reason: 'not a tar archive (nor gzip or zstd)'};
	}

	private feed(chunk: Buffer): void {
		const {phase} = this;
		if (phase.kind === 'json') {
			if (phase.length + chunk.length > maxJsonBytes) this.phase = {kind: 'skipped', reason: `JSON of more than ${maxJsonBytes} bytes`};
			else {
				phase.parts.push(Buffer.from(chunk));
				phase.length += chunk.length;
			}
		} else if (phase.kind === 'tar') {
			try {
				phase.layer.parser.write(chunk);
			} catch (error) {
				this.phase = {kind: 'failed', reason: tarReason(error)};
			}
			// zlib works on the bytes later, in its own thread: the chunk is lent, so they are copied.
		} else if (phase.kind === 'gzip') phase.gunzip.write(Buffer.from(chunk));
	}

	private async finish(): Promise<BlobContent> {
		const {phase} = this;
		if (phase.kind === 'json') return {kind: 'json', text: Buffer.concat(phase.parts, phase.length).toString('utf8')};
		if (phase.kind === 'skipped' || phase.kind === 'failed') return {kind: 'unreadable', reason: phase.reason};
		if (phase.kind === 'sniffing') return {kind: 'unreadable', reason: 'empty'};
		try {
			if (phase.kind === 'gzip') {
				phase.gunzip.end();
				await phase.finished;
			}
			phase.layer.parser.end();
		} catch (error) {
			return {kind: 'unreadable', reason: phase.kind === 'gzip' && !(error instanceof TarFormatError) ? `gzip: ${gzipReason(error)}` : tarReason(error)};
		}
		const {layer} = phase;
		return {kind: 'layer', files: layer.files, fileCount: layer.fileCount, fileBytes: layer.fileBytes, complete: layer.files.length === layer.fileCount};
	}
}

function tarReason(error: unknown): string {
	if (error instanceof TarFormatError) return error.message;
	throw error;
}

function gzipReason(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'Z_BUF_ERROR') return 'the compressed layer ends early';
	return error instanceof Error ? error.message : String(error);
}
