// A tar archive read as it streams past, chunk by chunk: each entry's header is handed to the
// caller, who takes its body (a sink) or lets it be skipped by counting. Nothing but the current
// header and the small pax and GNU long-name bodies is ever held, so an archive of any size reads
// in a few kilobytes. Bodies are never buffered.
import {blockSize, isZeroBlock, paddedSize, parseHeader, parsePaxRecords, type PaxFields, type TarEntryType} from './tar-header';

export type TarEntry = {
	readonly path: string;
	readonly linkTarget: string;
	readonly size: number;
	readonly type: TarEntryType;
};

/** Where an entry's body goes, chunk by chunk, when the caller wants it. */
export type TarBodySink = {write(chunk: Buffer): void; end(): void};

/** What makes an archive unreadable: not a tar, or cut short. */
export class TarFormatError extends Error {}

/** Pax and GNU long-name bodies above this are no names: the archive is taken as damaged. */
const maxMetaBytes = 1 << 20;

type Meta = {kind: 'pax' | 'pax-global' | 'gnu-long-name' | 'gnu-long-link'; size: number; parts: Buffer[]; received: number};

export class TarParser {
	private readonly header = Buffer.alloc(blockSize);
	private headerFilled = 0;
	/** Body bytes (then padding) still to come for the current entry or meta header. */
	private bodyLeft = 0;
	private paddingLeft = 0;
	private sink: TarBodySink | null = null;
	private meta: Meta | null = null;
	private pending: PaxFields & {longName?: string; longLink?: string} = {};
	private entries = 0;
	private offset = 0;
	private done = false;

	constructor(private readonly onEntry: (entry: TarEntry) => TarBodySink | null) {}

	/** Bytes taken so far. */
	get bytesRead(): number {
		return this.offset;
	}

	write(chunk: Buffer): void {
		let position = 0;
		while (position < chunk.length && !this.done) {
			const available = chunk.length - position;
			if (this.bodyLeft > 0) {
				const take = Math.min(this.bodyLeft, available);
				const part = chunk.subarray(position, position + take);
				if (this.meta) this.takeMeta(part);
				else this.sink?.write(part);
				this.offset += take;
				position += take;
				this.bodyLeft -= take;
				if (this.bodyLeft === 0) this.finishBody();
			} else if (this.paddingLeft > 0) {
				const take = Math.min(this.paddingLeft, available);
				this.offset += take;
				position += take;
				this.paddingLeft -= take;
			} else if (this.headerFilled === 0 && available >= blockSize) {
				this.readHeader(chunk.subarray(position, position + blockSize));
				this.offset += blockSize;
				position += blockSize;
			} else {
				const take = Math.min(blockSize - this.headerFilled, available);
				chunk.copy(this.header, this.headerFilled, position, position + take);
				this.headerFilled += take;
				position += take;
				if (this.headerFilled === blockSize) {
					this.headerFilled = 0;
					// Where the header began, for messages.
					this.offset -= blockSize - take;
					this.readHeader(this.header);
					this.offset += blockSize;
				} else this.offset += take;
			}
		}
	}

	/** The stream ended: an archive cut inside an entry is an error; one ending between entries is read as complete. */
	end(): void {
		if (this.done) return;
		if (this.bodyLeft > 0 || this.headerFilled > 0 || this.meta || Object.keys(this.pending).length > 0) {
			throw new TarFormatError(`the archive ends early, inside an entry (after ${this.offset} bytes)`);
		}
		this.done = true;
	}

	private readHeader(view: Buffer): void {
		if (isZeroBlock(view)) {
			// One zero block ends the archive as writers use it; the second and the record padding are not read.
			this.done = true;
			return;
		}
		const header = parseHeader(view);
		if ('invalid' in header) throw new TarFormatError(this.entries === 0 ? 'not a tar archive' : `damaged tar header at byte ${this.offset}: ${header.invalid}`);
		this.entries++;
		if (header.type === 'pax' || header.type === 'pax-global' || header.type === 'gnu-long-name' || header.type === 'gnu-long-link') {
			if (header.size > maxMetaBytes) throw new TarFormatError(`a ${header.type} header of ${header.size} bytes: damaged archive`);
			this.meta = {kind: header.type, size: header.size, parts: [], received: 0};
			this.startBody(header.size);
			return;
		}
		const {pending} = this;
		this.pending = {};
		const size = header.type === 'file' ? (pending.size ?? header.size) : header.size;
		const entry: TarEntry = {
			path: pending.path ?? pending.longName ?? header.path,
			linkTarget: pending.linkpath ?? pending.longLink ?? header.linkTarget,
			size,
			type: header.type,
		};
		this.sink = this.onEntry(entry);
		this.startBody(size);
	}

	private startBody(size: number): void {
		this.bodyLeft = size;
		this.paddingLeft = paddedSize(size) - size;
		if (size === 0) this.finishBody();
	}

	private takeMeta(part: Buffer): void {
		// Copied: the chunk belongs to the stream and may be reused.
		this.meta!.parts.push(Buffer.from(part));
		this.meta!.received += part.length;
	}

	private finishBody(): void {
		const {meta} = this;
		if (!meta) {
			this.sink?.end();
			this.sink = null;
			return;
		}
		this.meta = null;
		const body = Buffer.concat(meta.parts, meta.received);
		if (meta.kind === 'gnu-long-name' || meta.kind === 'gnu-long-link') {
			const end = body.indexOf(0);
			const text = body.toString('utf8', 0, end < 0 ? body.length : end);
			if (meta.kind === 'gnu-long-name') this.pending.longName = text;
			else this.pending.longLink = text;
			return;
		}
		const fields = parsePaxRecords(body);
		if ('invalid' in fields) throw new TarFormatError(`${fields.invalid} after ${this.offset} bytes`);
		// Global pax headers set defaults for later entries; docker and containerd write none that name paths or sizes.
		if (meta.kind === 'pax') Object.assign(this.pending, fields);
	}
}
