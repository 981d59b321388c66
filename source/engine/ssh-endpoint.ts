// What an ssh:// engine URL asks of ssh, read as the docker CLI reads it. ssh joins the words of
// the remote command with spaces and hands the line to the remote user's shell, so every word
// that did not come from dockswab itself (the socket path of the URL) is quoted for that shell:
// a URL must never be able to run a command on the host it names.

export type SshEndpoint = {readonly host: string; readonly user: string | null; readonly port: string | null; readonly socketPath: string | null};

/** An ssh:// URL that cannot be used as it is written; the message never repeats a password. */
export class SshUrlError extends Error {
	override readonly name = 'SshUrlError';
	readonly code = 'ESSHURL';
}

// Control characters have no quoting a POSIX shell reads back unchanged on every system (the
// docker CLI refuses them too); a newline would also end the remote command line.
const controlCharacter = /[\u0000-\u001F\u007F-\u009F]/;

/** The URL without its password, for messages. */
export function withoutPassword(host: string): string {
	if (!URL.canParse(host)) return host;
	const url = new URL(host);
	url.password = '';
	return url.href;
}

export function parseSshHost(host: string): SshEndpoint {
	const url = new URL(host);
	if (url.protocol !== 'ssh:' || !url.hostname) throw new Error(`not an ssh:// engine: ${host}`);
	// `user:@host` has a password too, an empty one.
	if (url.password || /^ssh:\/\/[^/?#@]*:[^/?#@]*@/i.test(host)) throw new SshUrlError('a password in an ssh:// URL is not supported (ssh logs in with keys, the agent or ~/.ssh/config)');
	if (url.search) throw new SshUrlError(`extra query after the host: ${JSON.stringify(url.search.slice(1))}`);
	if (url.hash) throw new SshUrlError(`extra fragment after the host: ${JSON.stringify(url.hash.slice(1))}`);
	const path = decodeURIComponent(url.pathname);
	const user = decodeURIComponent(url.username);
	if (controlCharacter.test(path)) throw new SshUrlError('the socket path holds a control character');
	if (controlCharacter.test(user)) throw new SshUrlError('the user name holds a control character');
	return {
		// IPv6 literals come bracketed from URL; ssh wants them bare.
		host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
		user: user || null,
		port: url.port || null,
		socketPath: path && path !== '/' ? path : null,
	};
}

/** One word for a POSIX shell: as it is when nothing in it is special, else in single quotes. */
export function quoteShellWord(word: string): string {
	if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
	return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The arguments docker's own ssh helper uses (`--` before the host, the remote command as one
 * line of quoted words), plus BatchMode: dockswab owns the terminal, so ssh must fail rather than
 * ask for a password, a passphrase or whether to trust a new host key; plus keep-alives.
 */
export function sshArguments(endpoint: SshEndpoint): string[] {
	const remoteCommand = ['docker', ...(endpoint.socketPath ? ['--host', `unix://${endpoint.socketPath}`] : []), 'system', 'dial-stdio'];
	return [
		...(endpoint.user ? ['-l', endpoint.user] : []),
		...(endpoint.port ? ['-p', endpoint.port] : []),
		'-o',
		'BatchMode=yes',
		'-o',
		'ConnectTimeout=30',
		// A link that dies without a word (a host gone, a NAT entry dropped) ends the connection
		// within about a minute instead of leaving a call or the event stream waiting on it.
		'-o',
		'ServerAliveInterval=15',
		'-o',
		'ServerAliveCountMax=4',
		'-T',
		'--',
		endpoint.host,
		remoteCommand.map(quoteShellWord).join(' '),
	];
}
