// The engine's own clock, from the Date header of its /version answer: the event stream's `since`
// is engine time, and a remote engine's clock need not agree with ours.
import type {IncomingMessage} from 'node:http';
import type Docker from 'dockerode';
import type {VersionAnswer} from './connect';

export type VersionWithClock = {readonly version: VersionAnswer; readonly date: number | null};

/** `GET /version` as dockerode sends it, keeping the answer's Date header (unix seconds, whole; null without one). */
export function versionWithClock(docker: Docker): Promise<VersionWithClock> {
	return new Promise((resolve, reject) => {
		docker.modem.dial({path: '/version', method: 'GET', isStream: true, statusCodes: {200: true, 500: 'server error'}}, (error, response) => {
			if (error) {
				reject(error);
				return;
			}
			const answer = response as IncomingMessage;
			const chunks: Buffer[] = [];
			answer.on('data', (chunk: Buffer) => chunks.push(chunk));
			answer.on('error', reject);
			answer.on('end', () => {
				try {
					const date = Date.parse(answer.headers.date ?? '');
					resolve({version: JSON.parse(Buffer.concat(chunks).toString('utf8')) as VersionAnswer, date: Number.isNaN(date) ? null : date / 1000});
				} catch (parseError) {
					reject(parseError);
				}
			});
		});
	});
}

/**
 * The engine time from which events may have changed what lists asked alongside /version show.
 * The Date header is whole seconds, stamped when the version answer was written; the lists were
 * answered within `elapsedMs` of it; one more second of margin. Too early costs at most one
 * re-list for an event the lists already show; too late would lose a change.
 */
export function listsTakenSince(date: number | null, elapsedMs: number): number | undefined {
	return date === null ? undefined : date - 1 - Math.ceil(elapsedMs / 1000);
}
