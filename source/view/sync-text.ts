// A reference's registry check in words: the images pane's one-character marker and the details line.
import {checkingMessage, type SyncEntry} from '../domain/sync-status';

/** The one-character marker of the images pane; blank for a reference whose registry is not asked. */
export function syncMarker(entry: SyncEntry | undefined): string {
	if (!entry) return ' ';
	switch (entry.state) {
		case 'in sync':
			return '✓';
		case 'not pushed':
			return '↑';
		case 'outdated':
			return '≠';
		case 'unknown':
			return entry.message === checkingMessage ? '…' : '?';
	}
}

/** "in sync (sha256:…)", "outdated: the registry has sha256:…", "unknown: 127.0.0.1:5000 requires a login". */
export function describeSync(entry: SyncEntry): string {
	switch (entry.state) {
		case 'in sync':
			return `in sync (${entry.remoteDigest})`;
		case 'outdated':
			return `outdated: the registry has ${entry.remoteDigest}`;
		case 'not pushed':
			return 'not pushed';
		case 'unknown':
			return entry.message === checkingMessage ? 'checking…' : `unknown${entry.message ? `: ${entry.message}` : ''}`;
	}
}
