// Where the printing commands write.
import {writeOutput} from '../terminal-output';

/** Where a command's words go as it goes: text with its line endings. */
export type CommandStreams = {readonly stdout: (text: string) => void; readonly stderr: (text: string) => void};

/** The process's stdout (its words in `format`) and stderr (text). */
export function processStreams(format: 'text' | 'json'): CommandStreams {
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
