// One 512-byte tar header read as the formats docker and containerd write it: ustar (with its
// 155-byte name prefix), GNU (base-256 sizes, 'L'/'K' long names) and pax (extended records that
// override path, linkpath and size). Pure: bytes in, a header or a reason out.

export const blockSize = 512;

export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'directory' | 'other';

/** Headers that describe the entry after them instead of being one themselves. */
export type TarMetaType = 'pax' | 'pax-global' | 'gnu-long-name' | 'gnu-long-link';

export type TarHeader = {
	readonly path: string;
	readonly linkTarget: string;
	/** Bytes of body that follow the header (a hard link's and a directory's are 0). */
	readonly size: number;
	readonly type: TarEntryType | TarMetaType;
};

const textUntilNul = (block: Uint8Array, start: number, length: number): string => {
	let end = start;
	while (end < start + length && block[end] !== 0) end++;
	return Buffer.from(block.buffer, block.byteOffset + start, end - start).toString('utf8');
};

/** An octal field, or GNU's base-256 form (first byte's top bit set) for sizes of 8 GiB and more. */
function numberField(block: Uint8Array, start: number, length: number): number | null {
	if ((block[start]! & 0x80) !== 0) {
		// Negative base-256 numbers (top bits 0xff) are no size.
		if (block[start] === 0xff) return null;
		let value = block[start]! & 0x7f;
		for (let index = start + 1; index < start + length; index++) value = value * 256 + block[index]!;
		return value;
	}
	let value = 0;
	let digits = 0;
	for (let index = start; index < start + length; index++) {
		const byte = block[index]!;
		if (byte === 0 || byte === 0x20) {
			if (digits > 0) break;
			continue;
		}
		if (byte < 0x30 || byte > 0x37) return null;
		value = value * 8 + (byte - 0x30);
		digits++;
	}
	return value;
}

/** Whether the block is all zeros: two of them end an archive. */
export function isZeroBlock(block: Uint8Array, offset = 0): boolean {
	for (let index = offset; index < offset + blockSize; index++) if (block[index] !== 0) return false;
	return true;
}

/** Whether the stored checksum matches: the unsigned sum (or, as old writers did, the signed sum) with the field as spaces. */
function checksumMatches(block: Uint8Array): boolean {
	const stored = numberField(block, 148, 8);
	if (stored === null) return false;
	let unsigned = 0;
	let signed = 0;
	for (let index = 0; index < blockSize; index++) {
		const byte = index >= 148 && index < 156 ? 0x20 : block[index]!;
		unsigned += byte;
		signed += byte > 127 ? byte - 256 : byte;
	}
	return stored === unsigned || stored === signed;
}

const types: Readonly<Record<string, TarHeader['type']>> = {
	'0': 'file',
	'\0': 'file',
	'7': 'file',
	// GNU sparse files: their stored bytes follow the header like a file's.
	S: 'file',
	'1': 'hardlink',
	'2': 'symlink',
	'5': 'directory',
	'3': 'other',
	'4': 'other',
	'6': 'other',
	x: 'pax',
	g: 'pax-global',
	L: 'gnu-long-name',
	K: 'gnu-long-link',
};

/** The header in `block` (512 bytes), or why it is not one. */
export function parseHeader(block: Uint8Array): TarHeader | {readonly invalid: string} {
	if (!checksumMatches(block)) return {invalid: 'header checksum mismatch'};
	const size = numberField(block, 124, 12);
	if (size === null) return {invalid: 'unreadable size field'};
	const flag = String.fromCharCode(block[156]!);
	const type = types[flag] ?? (flag >= 'A' && flag <= 'Z' ? 'other' : 'file');
	let path = textUntilNul(block, 0, 100);
	// "ustar\0" is POSIX ustar, whose prefix field extends the name; GNU's "ustar  " uses those bytes otherwise.
	const ustar = block[257] === 0x75 && block[258] === 0x73 && block[259] === 0x74 && block[260] === 0x61 && block[261] === 0x72 && block[262] === 0;
	if (ustar && block[345] !== 0) path = `${textUntilNul(block, 345, 155)}/${path}`;
	return {path, linkTarget: textUntilNul(block, 157, 100), size, type};
}

/** Pax extended header fields that matter here; the rest (times, owners, xattrs) are left out. */
export type PaxFields = {path?: string; linkpath?: string; size?: number};

/** Pax records: `<length> <key>=<value>\n`, the length counting the whole record. */
export function parsePaxRecords(body: Buffer): PaxFields | {readonly invalid: string} {
	const fields: PaxFields = {};
	let offset = 0;
	while (offset < body.length) {
		const space = body.indexOf(0x20, offset);
		if (space < 0) break;
		const length = Number(body.toString('latin1', offset, space));
		if (!Number.isInteger(length) || length <= space - offset || offset + length > body.length) return {invalid: 'malformed pax record'};
		const record = body.toString('utf8', space + 1, offset + length - 1);
		const equals = record.indexOf('=');
		if (equals > 0) {
			const key = record.slice(0, equals);
			const value = record.slice(equals + 1);
			if (key === 'path') fields.path = value;
			else if (key === 'linkpath') fields.linkpath = value;
			else if (key === 'size') {
				const size = Number(value);
				if (!Number.isSafeInteger(size) || size < 0) return {invalid: 'malformed pax size'};
				fields.size = size;
			}
		}
		offset += length;
	}
	return fields;
}

/** Bytes a body takes in the archive: rounded up to whole blocks. */
export const paddedSize = (size: number): number => Math.ceil(size / blockSize) * blockSize;
