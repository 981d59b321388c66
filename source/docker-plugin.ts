// dockswab run by the docker CLI as the plugin `docker swab`. Observed on docker CLI 28.2: docker
// executes $DOCKER_CONFIG/cli-plugins/docker-swab with argv[0] = that path and the rest of its own
// command line verbatim, its global options included: `docker --context prod swab plan x` gives
// `--context prod swab plan x`. It sets no DOCKER_HOST or DOCKER_CONTEXT of its own (those the
// user exported pass through), does not turn --config into DOCKER_CONFIG, and refuses -H with
// --context itself. So the plugin reads docker's global options as docker would, and runs as
// dockswab with the same engine. `docker help swab plan` arrives as `help swab plan`.
import {basename, dirname, join} from 'node:path';
import {parseArgs as splitArgs} from 'node:util';
import {completeLineCommand, pluginMetadataCommand, type OptionSpec} from './cli-args';

/** The docker subcommand: `docker swab`. */
export const pluginName = 'swab';

/** The file name docker looks for: `docker-<plugin name>`. */
export const pluginFileName = `docker-${pluginName}`;

/** The docker CLI's global options (`docker --help`, docker 28), which come before the plugin's name. */
const dockerGlobalOptions: Record<string, OptionSpec> = {
	config: {type: 'string'},
	context: {type: 'string', short: 'c'},
	debug: {type: 'boolean', short: 'D'},
	host: {type: 'string', short: 'H', multiple: true},
	'log-level': {type: 'string', short: 'l'},
	tls: {type: 'boolean'},
	tlscacert: {type: 'string'},
	tlscert: {type: 'string'},
	tlskey: {type: 'string'},
	tlsverify: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
};

/** The TLS files docker's flags name, as the DOCKER_CERT_PATH directory dockswab reads them from. */
const certFiles = {tlscacert: 'ca.pem', tlscert: 'cert.pem', tlskey: 'key.pem'} as const;

export type PluginInvocation =
	/** dockswab's own arguments, and the environment docker's global options amount to. */
	{kind: 'run'; argv: string[]; env: Record<string, string>} | {kind: 'error'; message: string};

/** Whether this process was started as the docker CLI plugin: docker runs it by its plugin file name. */
export function runAsDockerPlugin(argv: readonly string[]): boolean {
	return argv[1] !== undefined && basename(argv[1]) === pluginFileName;
}

/** docker's global options as given: a flag's value (true, or its `=value`), an option's text, -H's list. */
type GlobalValues = Record<string, string | true | string[]>;

/** A boolean flag as pflag reads it: `--tls`, `--tls=true`, `--tls=false`. */
function flagOn(value: GlobalValues[string] | undefined): boolean {
	return value === true || (typeof value === 'string' && value !== 'false' && value !== '0');
}

/** The TLS settings of docker's flags as dockswab's environment, or what cannot be expressed. */
function tlsEnv(values: GlobalValues): Record<string, string> | string {
	const env: Record<string, string> = {};
	if (flagOn(values.tls)) env.DOCKER_TLS = '1';
	if (flagOn(values.tlsverify)) env.DOCKER_TLS_VERIFY = '1';
	const given = Object.entries(certFiles).flatMap(([flag, file]) => {
		const path = values[flag];
		return typeof path === 'string' ? [{path, file}] : [];
	});
	const dirs = new Set(given.map(({path}) => dirname(path)));
	if (dirs.size > 1 || given.some(({path, file}) => basename(path) !== file))
		return 'docker swab reads TLS files from one directory as ca.pem, cert.pem and key.pem: give that directory as DOCKER_CERT_PATH instead of --tlscacert, --tlscert and --tlskey';
	const [dir] = dirs;
	if (dir !== undefined) env.DOCKER_CERT_PATH = dir;
	return env;
}

/**
 * `args`: what docker passed after argv[0]. The global options before the plugin's name become
 * dockswab's own (--host, --context) or its environment (DOCKER_CONFIG, DOCKER_TLS_VERIFY,
 * DOCKER_CERT_PATH); -D and --log-level are docker's logging and mean nothing here.
 */
export function pluginInvocation(args: readonly string[], pluginName: string): PluginInvocation {
	if (args[0] === pluginMetadataCommand) return {kind: 'run', argv: [pluginMetadataCommand], env: {}};
	// docker's completion (docker __complete swab …) runs the plugin as `__complete swab WORD… CURRENT`,
	// without docker's global options.
	if (args[0] === '__complete' && args[1] === pluginName) return {kind: 'run', argv: [completeLineCommand, '--', ...args.slice(2)], env: {}};
	const {tokens} = splitArgs({args: [...args], options: dockerGlobalOptions, strict: false, allowPositionals: true, tokens: true});
	const first = tokens.find(token => token.kind !== 'option');
	const end = first?.kind === 'positional' ? first.index : args.length;
	const values: GlobalValues = {};
	for (const token of tokens) {
		if (token.kind !== 'option' || token.index >= end) continue;
		if (!Object.hasOwn(dockerGlobalOptions, token.name)) return {kind: 'error', message: `unknown docker option "${token.rawName}" before ${pluginName}`};
		const spec = dockerGlobalOptions[token.name]!;
		if (spec.type === 'string' && !token.value) return {kind: 'error', message: `${token.rawName} needs a value`};
		const previous = values[token.name];
		values[token.name] = spec.multiple ? [...(Array.isArray(previous) ? previous : []), token.value!] : (token.value ?? true);
	}
	const rest = args.slice(end);
	let own: string[];
	if (rest[0] === 'help' && rest[1] === pluginName) own = [...rest.slice(2), '--help'];
	else if (rest[0] === pluginName) own = rest.slice(1);
	else if (values.help === true || values.version === true) own = [];
	else return {kind: 'error', message: `expected "${pluginName}" after docker's options, got ${rest[0] === undefined ? 'nothing' : `"${rest[0]}"`}`};
	// As docker refuses `docker -H a -H b images`; several engines are dockswab's own option, after the name.
	if (Array.isArray(values.host) && values.host.length > 1)
		return {kind: 'error', message: `specify only one -H before ${pluginName}; to plan on several engines, give them after it: docker ${pluginName} plan -H URL -H URL …`};
	const tls = tlsEnv(values);
	if (typeof tls === 'string') return {kind: 'error', message: tls};
	const env: Record<string, string> = {...tls};
	if (typeof values.config === 'string') env.DOCKER_CONFIG = values.config;
	// Written as --name=value so that a value starting with "-" stays a value.
	const connection = [...(Array.isArray(values.host) ? values.host.map(host => `--host=${host}`) : []), ...(typeof values.context === 'string' ? [`--context=${values.context}`] : [])];
	const asked = values.help === true ? ['--help'] : values.version === true ? ['--version'] : [];
	return {kind: 'run', argv: [...connection, ...asked, ...own], env};
}

/** Help as `docker swab` users type it: `docker swab plan`, not `dockswab plan`. */
export function pluginHelpText(text: string): string {
	return text.replace(/(^|[\s`(])dockswab(?=[ `]|$)/gm, '$1docker swab');
}

/**
 * The answer to `docker-cli-plugin-metadata` (docker CLI 28 requires SchemaVersion "0.1.0").
 * URL is optional to docker and given only when package.json names a homepage: none is invented.
 */
export function pluginMetadata(version: string, url: string | undefined): string {
	const metadata = {SchemaVersion: '0.1.0', Vendor: 'dockswab', Version: version, ShortDescription: 'Docker image housekeeping: a terminal UI, plan and clean', ...(url ? {URL: url} : {})};
	return `${JSON.stringify(metadata, null, 2)}\n`;
}

/** Where `dockswab plugin install` links: the docker CLI's plugin directory for this user. */
export function pluginLinkPath(configDir: string): string {
	return join(configDir, 'cli-plugins', pluginFileName);
}
