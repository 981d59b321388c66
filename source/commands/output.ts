// Where the printing commands write. A reader that goes away (`dockswab logout x | true`, a closed
// stdout) makes the next write fail with EPIPE, which node reports as an 'error' event on the
// stream: unheard, that is a crash with a stack trace. Words nobody reads are dropped instead; the
// command still finishes what it does (a clean-up is not left half done) and its exit code stands.
import {logError} from '../services/log';
import {writeOutput} from '../terminal-output';

/** Where a command's words go as it goes: text with its line endings. */
export type CommandStreams = {readonly stdout: (text: string) => void; readonly stderr: (text: string) => void};

function tolerateClosedReader(stream: NodeJS.WriteStream): void {
	if (stream.listeners('error').includes(ignoreWriteError)) return;
	stream.on('error', ignoreWriteError);
}

function ignoreWriteError(error: NodeJS.ErrnoException): void {
	if (error.code !== 'EPIPE') logError('output', error);
}

/** The process's stdout (its words in `format`) and stderr (text), safe to write after their reader left. */
export function processStreams(format: 'text' | 'json'): CommandStreams {
	tolerateClosedReader(process.stdout);
	tolerateClosedReader(process.stderr);
	const writer = (stream: NodeJS.WriteStream, streamFormat: 'text' | 'json') => (text: string) => {
		if (text !== '' && stream.writable) writeOutput(stream, text, streamFormat);
	};
	return {stdout: writer(process.stdout, format), stderr: writer(process.stderr, 'text')};
}

/**
 * Ends the process once stdout has taken what was written. An engine that accepted a connection
 * and never answered may still hold a socket open: the command has said everything, so it ends.
 */
export function exitAfterOutput(exitCode: number): void {
	if (!process.stdout.writable) process.exit(exitCode);
	process.stdout.write('', () => process.exit(exitCode));
}
