// Configuration files read at start (dockswab's settings, the docker CLI's config.json) are read
// only when they are regular files of a sane size: a FIFO would block the start for ever and
// /dev/zero would fill the memory until Node gives up.
import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs';

/** The path names something that is not a small regular file; the message says what it is instead. */
export class FileShapeError extends Error {
	override readonly name = 'FileShapeError';
}

export const maxConfigFileBytes = 1024 * 1024;

/** UTF-8 text of a regular file of at most `maxBytes`; Node's own errors (ENOENT, EACCES…) pass through. */
export function readSmallFile(path: string, maxBytes = maxConfigFileBytes): string {
	// Without O_NONBLOCK, opening a FIFO for reading waits for a writer.
	const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
	try {
		const stats = fstatSync(fd);
		if (stats.isDirectory()) throw new FileShapeError('is a directory');
		if (!stats.isFile()) throw new FileShapeError('is not a regular file');
		const tooLarge = () => new FileShapeError(`is larger than ${Math.round(maxBytes / 1024)} KiB`);
		if (stats.size > maxBytes) throw tooLarge();
		// The size can change between the stat and the read: read no more than the cap allows. The
		// buffer starts at the file's size (a 1 MiB one for every small config file stayed resident),
		// one byte over so that the end shows, and grows only for a file that grew meanwhile.
		let buffer = Buffer.alloc(Math.min(maxBytes, stats.size) + 1);
		let length = 0;
		for (;;) {
			if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(Math.min(maxBytes + 1, buffer.length * 2) - buffer.length)]);
			const read = readSync(fd, buffer, length, buffer.length - length, null);
			if (read === 0) break;
			length += read;
			if (length > maxBytes) throw tooLarge();
		}
		return buffer.toString('utf8', 0, length);
	} finally {
		closeSync(fd);
	}
}
