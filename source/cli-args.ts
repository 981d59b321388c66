// Command-line arguments. util.parseArgs splits argv into tokens (short-option groups, `--x=y`,
// `--`); this module checks them against a table of commands, so that every mistake reads as one
// plain line of our own and a command's `--help` explains that command.
import {parseArgs as splitArgs} from 'node:util';
import type {BuildCachePrune} from './domain/build-cache';
import {hasPolicy, parseDuration, parseSize, type PolicyOptions} from './domain/policies';
import {retentionOrders} from './domain/remote-retention';
import {registryRetention, type RegistryRetention} from './registry-args';

/** `host` is the last --host given (the UI uses one engine); `hosts` all of them, for plan and clean. */
type Connection = {context?: string; host?: string};

/** What plan and clean share: named images or policy rules, on one engine or several. */
export type Selection = {
	references: string[];
	policy: PolicyOptions;
	removeStoppedContainers: boolean;
	json: boolean;
	hosts: string[];
	allContexts: boolean;
	/** Set by --build-cache: the build cache is planned (and pruned) instead of images. */
	buildCache?: BuildCachePrune;
	/** Set by --registry: registry tags are planned (and deleted) instead of an engine's images. */
	registry?: RegistryRetention;
};

export type CliOptions =
	| {kind: 'help'; text: string}
	| {kind: 'version'}
	| ({kind: 'run'} & Connection)
	| ({kind: 'plan'} & Selection & Connection)
	| ({kind: 'clean'; yes: boolean} & Selection & Connection)
	| ({kind: 'layers'; reference: string; json: boolean; top: number; maxWastedBytes: number | null; minEfficiency: number | null} & Connection)
	| ({kind: 'diff'; before: string; after: string; json: boolean} & Connection)
	| ({kind: 'login'; server: string; username: string} & Connection)
	| ({kind: 'logout'; server: string} & Connection)
	| {kind: 'plugin'; action: PluginAction}
	| {kind: 'plugin-metadata'}
	| {kind: 'completion'; shell: CompletionShell}
	| ({kind: 'complete'; what: CompletionTopic; prefix: string} & Connection)
	| {kind: 'complete-line'; typed: string[]}
	| {kind: 'error'; message: string; usage: string};

export const pluginActions = ['install', 'uninstall'] as const;
export type PluginAction = (typeof pluginActions)[number];
export const completionShells = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof completionShells)[number];
/** What a completion script asks `dockswab __complete` for when Tab is pressed. */
export const completionTopics = ['images', 'contexts'] as const;
export type CompletionTopic = (typeof completionTopics)[number];

/**
 * What `docker swab` is asked by docker's own completion, as words after `--`: the words typed
 * after `swab`, the last one under the cursor; answered as docker's completion (cobra) reads it.
 */
export const completeLineCommand = '__complete-line';

/** The command docker runs to learn what a CLI plugin is (docker CLI 28, cli-plugins/manager). */
export const pluginMetadataCommand = 'docker-cli-plugin-metadata';

/** `refused`: accepted only to be refused with a reason (a password in argv), so never offered by completion. */
export type OptionSpec = {type: 'string' | 'boolean'; short?: string; multiple?: boolean; refused?: boolean; choices?: readonly string[]};
type Values = Record<string, string | true | string[]>;

type Command = {
	/** What `--help` prints. */
	help: string;
	/** What a mistake prints under its one-line message: the usage line(s) and where help is. */
	usage: string;
	options: Record<string, OptionSpec>;
	/** Whether the command takes operands; a command without them refuses any. */
	positionals: boolean;
	/** Left out of help and completions: spoken by programs (docker, completion scripts), not typed. */
	hidden?: boolean;
	/** What completes an operand: fixed words, or the engine's image references. */
	operands?: readonly string[] | 'images';
	/** The options, or what is wrong with them in one line. */
	build(values: Values, positionals: string[], connection: Connection): CliOptions | string;
};

// Understood before and after a command's name, as the docker CLI does with its own.
const connectionOptions: Record<string, OptionSpec> = {
	host: {type: 'string', short: 'H', multiple: true},
	context: {type: 'string', short: 'c'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
};

const connectionHelp = `  -H, --host <url>      engine to use (unix://, tcp://, ssh://); default DOCKER_HOST, then the docker context
  -c, --context <name>  docker context to use
  -h, --help            show this help`;

const mainUsage = `Usage: dockswab [options]
       dockswab plan [--remove-stopped] [--json] [options] IMAGE...|RULES
       dockswab clean [--remove-stopped] [--json] [--yes] [options] IMAGE...|RULES
       dockswab plan|clean --build-cache [--keep-storage SIZE] [--unused-for AGE] [--json] [--yes]
       dockswab plan|clean --registry HOST/REPO... [--keep N] [--match REGEX] [--order semver|pushed] [--older-than AGE] [--json] [--yes]
       dockswab plan|clean --registry HOST/REPO --untag TAG... [--json] [--yes]
       dockswab layers [--json] [--max-wasted SIZE] [--min-efficiency 0.95] [options] IMAGE
       dockswab diff [--json] [options] IMAGE IMAGE
       dockswab login [SERVER] --username USER --password-stdin
       dockswab logout [SERVER]
       dockswab plugin install|uninstall
       dockswab completion bash|zsh|fish`;

const mainHelp = `${mainUsage}

A full-screen terminal UI for Docker image housekeeping.

Commands:
  plan                  print what deleting the given images, or a clean-up rule, would do, changing nothing (dockswab plan --help)
  clean                 carry out such a plan with --yes (dockswab clean --help)
  layers                why an image is big: each layer's bytes and instruction, wasted bytes (dockswab layers --help)
  diff                  what changed between two images: files added, removed and changed, layers that differ
  login                 log in to a registry, verified by the registry, stored as the docker CLI stores it
  logout                remove a registry's stored credential
  plugin                install (or uninstall) dockswab as the docker CLI plugin \`docker swab\`
  completion            print a completion script for bash, zsh or fish (dockswab completion --help)

Options:
${connectionHelp}
  -v, --version         show the version

Environment: DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, NO_COLOR,
DOCKSWAB_DOCKER_HUB (off: never ask Docker Hub; host:port: ask that mirror instead).
Keys: press ? inside dockswab.`;

const selectorUsage = '[--keep N] [--repo NAME]... [--dangling] [--unused] [--older-than 30d] [--unused-for 14d] [--budget 20GB] [--protect PATTERN]...';
const buildCacheUsage = '--build-cache [--keep-storage SIZE] [--unused-for AGE]';
const registryUsage = '--registry HOST/REPO|HOST/*... [--keep N] [--match REGEX] [--order semver|pushed] [--older-than AGE] [--protect PATTERN]...';
const untagUsage = '--registry HOST/REPO --untag TAG... [--protect PATTERN]...';
const planUsage = `Usage: dockswab plan [--remove-stopped] [--json] [options] IMAGE...
       dockswab plan ${selectorUsage} [--remove-stopped] [--json] [options]
       dockswab plan ${buildCacheUsage} [--json] [options]
       dockswab plan ${registryUsage} [--json]
       dockswab plan ${untagUsage} [--json]`;

const selectorHelp = `Rules (given together, a reference is selected only when every rule selects it):
  --keep N              keep the newest N semver versions of each repository; other tags
                        (latest, dev, feature-x) are never selected by this rule
  --repo NAME           only references of this repository (repeatable)
  --dangling            untagged images no other image builds on
  --unused              images no container uses, running or stopped
  --older-than AGE      images created more than AGE ago (30d, 12h, 2w, 90m)
  --unused-for AGE      images last used more than AGE ago: the newest of their creation, the
                        engine's last tag (or pull) time, and their containers' starts and finishes
  --budget SIZE         remove the least recently used unused images until images and the build
                        cache take at most SIZE (20GB, 500MB, 1GiB); the build cache is pruned
                        first, down to what the images leave of SIZE
  --protect PATTERN     never select references matching PATTERN (repeatable; glob with * and ?;
                        with ':' it matches repository:tag, else the tag)
An image a running container uses is never selected.

The build cache instead of images (BuildKit's cache, as \`docker builder prune --all\`):
  --build-cache         plan pruning the build cache: every entry no build uses now
  --keep-storage SIZE   keep at most SIZE of build cache (500MB, 1GiB), least recently used
                        entries going first
  --unused-for AGE      with --build-cache: spare entries used within AGE (24h, 7d)

A registry's tags instead of an engine's images (retention, as the registries pane plans it):
  --registry HOST/REPO  plan the tags of this repository (repeatable); HOST/* plans every
                        repository of the registry's catalog
  --keep N              keep the newest N tags the rule applies to
  --match REGEX         the rule applies only to tags the whole of which REGEX matches
                        (JavaScript syntax; default: every tag, with --order semver every version)
  --order semver|pushed newest by semver (default; other tags are never selected) or by the time
                        the image was made (the manifest's org.opencontainers.image.created
                        annotation, else the image config's created)
  --older-than AGE      only tags whose image was made more than AGE ago
  --protect PATTERN     never select tags matching PATTERN (as above)
  --untag TAG           instead of a rule: remove this tag of the one --registry HOST/REPO, and
                        only it (repeatable). A tag that shares its digest with tags that stay
                        is first pointed at a small placeholder manifest of its own, which is
                        then deleted; the plan names the placeholder's digest
A registry deletes digests, not tags: a digest also named by a tag that stays (or by an index that
stays) is kept, and the plan says by which. The registry is read again right before the deletes:
a digest whose tags moved since the plan is skipped and reported. A registry frees the storage
only when its garbage collection runs (distribution: registry garbage-collect).`;

const engineHelp = `  -H, --host <url>      engine to use; repeatable: one plan per engine
  -c, --context <name>  docker context to use
  --all-contexts        every docker context and the default engine; an unreachable one is reported
  -h, --help            show this help`;

const planHelp = `${planUsage}

Prints what deleting the given images (repo:tag, or ID), or the references the rules select,
would do: the plan the delete dialog shows. Changes nothing. Exit code 0 when all of it can run,
1 when something is blocked or an engine did not answer, 2 on bad input or when no engine answered.

${selectorHelp}

Options:
  --remove-stopped      plan to remove the stopped containers that use an image before deleting it
  --json                print the plans as JSON (schema: readme, "plan and clean")
${engineHelp}

Put IMAGE arguments that start with "-" after \`--\`: dockswab plan -- -odd-name:1`;

const cleanUsage = `Usage: dockswab clean ${selectorUsage} [--remove-stopped] [--json] [--yes] [options]
       dockswab clean [--remove-stopped] [--json] [--yes] [options] IMAGE...
       dockswab clean ${buildCacheUsage} [--json] [--yes] [options]
       dockswab clean ${registryUsage} [--json] [--yes]
       dockswab clean ${untagUsage} [--json] [--yes]`;

const cleanHelp = `${cleanUsage}

Computes the same plan as \`dockswab plan\` and, with --yes, carries it out: one result line per
step, then the totals. Without --yes it prints the plan and changes nothing. Exit code 0 all done,
1 some items failed or were blocked (listed) or an engine did not answer, 2 on bad input or when
no engine answered.

${selectorHelp}

Options:
  --yes                 carry out the plan (without it nothing changes)
  --remove-stopped      remove the stopped containers that use an image before deleting it
  --json                print the plans and results as JSON (schema: readme, "plan and clean")
${engineHelp}`;

const selectorOptions: Record<string, OptionSpec> = {
	'remove-stopped': {type: 'boolean'},
	json: {type: 'boolean'},
	keep: {type: 'string'},
	repo: {type: 'string', multiple: true},
	dangling: {type: 'boolean'},
	unused: {type: 'boolean'},
	'older-than': {type: 'string'},
	'unused-for': {type: 'string'},
	budget: {type: 'string'},
	protect: {type: 'string', multiple: true},
	'build-cache': {type: 'boolean'},
	'keep-storage': {type: 'string'},
	'all-contexts': {type: 'boolean'},
	registry: {type: 'string', multiple: true},
	match: {type: 'string'},
	order: {type: 'string', choices: retentionOrders},
	untag: {type: 'string', multiple: true},
};

const list = (value: Values[string] | undefined): string[] => (Array.isArray(value) ? value : []);

const imageOnly = ['keep', 'repo', 'dangling', 'unused', 'older-than', 'budget', 'protect', 'remove-stopped'];

/** The prune --build-cache asks for, or what is wrong with it in one line; null without --build-cache. */
function buildCachePrune(values: Values, references: string[]): BuildCachePrune | string | null {
	if (values['build-cache'] !== true) return values['keep-storage'] === undefined ? null : '--keep-storage goes with --build-cache';
	const mixed = imageOnly.find(name => values[name] !== undefined);
	if (references.length > 0 || mixed) return `--build-cache plans the build cache alone: leave out ${mixed ? `--${mixed}` : 'the images'} (run it separately)`;
	let keepBytes: number | null = null;
	if (values['keep-storage'] !== undefined) {
		keepBytes = parseSize(String(values['keep-storage']));
		if (keepBytes === null) return '--keep-storage needs a size such as 500MB or 1GiB';
	}
	let unusedFor: number | null = null;
	if (values['unused-for'] !== undefined) {
		unusedFor = parseDuration(String(values['unused-for']));
		if (unusedFor === null) return '--unused-for needs an age such as 30d, 12h or 2w';
	}
	return {keepBytes, unusedFor};
}

/** What both kinds of plan share: JSON, and which engines. */
function engines(values: Values): Pick<Selection, 'json' | 'hosts' | 'allContexts'> | string {
	const hosts = list(values.host);
	const allContexts = values['all-contexts'] === true;
	if (allContexts && (hosts.length > 0 || values.context !== undefined)) return '--all-contexts names every engine already; leave out --context and --host';
	return {json: values.json === true, hosts, allContexts};
}

/** The images or rules of plan and clean (or the build cache, or registry tags), or what is wrong with them in one line. */
function selection(command: 'plan' | 'clean', values: Values, references: string[]): Selection | string {
	const registry = registryRetention(values, references);
	if (typeof registry === 'string') return registry;
	if (registry) return {references: [], policy: {}, removeStoppedContainers: false, json: values.json === true, hosts: [], allContexts: false, registry};
	const cache = buildCachePrune(values, references);
	if (typeof cache === 'string') return cache;
	if (cache) {
		const where = engines(values);
		return typeof where === 'string' ? where : {references: [], policy: {}, removeStoppedContainers: false, ...where, buildCache: cache};
	}
	const policy: {-readonly [K in keyof PolicyOptions]: PolicyOptions[K]} = {};
	if (values.keep !== undefined) {
		if (typeof values.keep !== 'string' || !/^\d+$/.test(values.keep)) return '--keep needs a whole number of versions, such as --keep 3';
		policy.keep = Number(values.keep);
	}
	for (const [name, key] of [
		['older-than', 'olderThan'],
		['unused-for', 'unusedFor'],
	] as const) {
		if (values[name] === undefined) continue;
		const seconds = parseDuration(String(values[name]));
		if (seconds === null) return `--${name} needs an age such as 30d, 12h or 2w`;
		policy[key] = seconds;
	}
	if (values.budget !== undefined) {
		const bytes = parseSize(String(values.budget));
		if (bytes === null) return '--budget needs a size such as 20GB or 500MB';
		policy.budget = bytes;
	}
	if (values.dangling === true) policy.dangling = true;
	if (values.unused === true) policy.unused = true;
	const repositories = list(values.repo);
	const protect = list(values.protect);
	if (repositories.length > 0) policy.repositories = repositories;
	if (protect.length > 0) policy.protect = protect;
	const rules = hasPolicy(policy);
	if (references.length > 0 && (rules || repositories.length > 0 || protect.length > 0)) return `${command} takes images or rules, not both`;
	if (references.length === 0 && !rules)
		return repositories.length > 0 || protect.length > 0
			? '--repo and --protect narrow a rule: add --keep, --dangling, --unused, --older-than, --unused-for or --budget'
			: `${command} needs images or a rule (--keep, --dangling, --unused, --older-than, --unused-for, --budget)`;
	const where = engines(values);
	if (typeof where === 'string') return where;
	return {references, policy, removeStoppedContainers: values['remove-stopped'] === true, ...where};
}

const layersUsage = 'Usage: dockswab layers [--json] [--top N] [--max-wasted SIZE] [--min-efficiency 0.95] [options] IMAGE';

const layersHelp = `${layersUsage}

Reads IMAGE (repo:tag, or ID) from the engine's archive of it and prints each layer's bytes, share
of the image, wasted bytes and the instruction that made it, then the files that waste the most.
A layer's bytes are the sizes of the regular files it stores. Wasted bytes are the bytes of files
a later layer overwrote or deleted (whiteouts, opaque directories), so a path stored in several
layers wastes every copy but the last. Efficiency is 1 - wasted / all layers' bytes.
Exit code 0, 1 when the image breaks --max-wasted or --min-efficiency, 2 on bad input or when the
engine or its archive could not be read.

Options:
  --json                print the layers as JSON (schema: readme, "layers and diff")
  --top N               list the N paths wasting the most bytes (default 10)
  --max-wasted SIZE     fail (exit 1) when more than SIZE is wasted (10MB, 1GiB)
  --min-efficiency F    fail (exit 1) when the efficiency is below F (0.95, or 95%)
${connectionHelp}`;

const diffUsage = 'Usage: dockswab diff [--json] [options] IMAGE IMAGE';

const diffHelp = `${diffUsage}

Compares the files of two images (repo:tag, or ID), the first as before, the second as after:
files added, removed and changed (type, size, link target, or coming from a layer the other image
lacks: contents are not compared), and the layers (by diff ID) only one of them has.
Exit code 0, 2 on bad input or when the engine or an archive could not be read.

Options:
  --json                print the diff as JSON (schema: readme, "layers and diff")
${connectionHelp}`;

/** --min-efficiency as a fraction: 0.95 or 95%. */
function parseEfficiency(text: string): number | null {
	const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
	if (!match) return null;
	const value = Number(match[1]) / (match[2] ? 100 : 1);
	return value <= 1 ? value : null;
}

const loginUsage = 'Usage: dockswab login [SERVER] --username USER --password-stdin';

const loginHelp = `${loginUsage}

Logs in to SERVER (host[:port]; default Docker Hub): the password, read from standard input, is
checked against the registry itself (Basic or token auth), then stored where the docker CLI
stores it: the credential helper config.json names, else config.json (mode 0600). Nothing is
written when the registry refuses. Exit code 0 logged in, 1 refused, 2 bad usage or unreachable.

Options:
  -u, --username <user> the user to log in as
  --password-stdin      read the password from standard input (the only way: never in argv)
${connectionHelp}`;

const logoutUsage = 'Usage: dockswab logout [SERVER]';

const logoutHelp = `${logoutUsage}

Removes the credential stored for SERVER (default Docker Hub), from the credential helper or
config.json, for dockswab and the docker CLI alike. Exit code 0, also when none was stored.

Options:
${connectionHelp}`;

const dockerHub = 'https://index.docker.io/v1/';

const pluginUsage = 'Usage: dockswab plugin install|uninstall';

const pluginHelp = `${pluginUsage}

install    links this program as \${DOCKER_CONFIG:-~/.docker}/cli-plugins/docker-swab, so that
           \`docker swab\` runs it (with its subcommands: \`docker swab plan …\`); the engine is
           the one docker was given (docker --context X swab, docker -H URL swab)
uninstall  removes that link, and only a link to this program

Nothing is written to the docker CLI's directory except by these two commands.`;

const completionUsage = 'Usage: dockswab completion bash|zsh|fish';

const completionHelp = `${completionUsage}

Prints a completion script for subcommands, options, docker context names and image references
(image references are asked of the engine when Tab is pressed, for at most a second).
  bash: eval "$(dockswab completion bash)"             (in ~/.bashrc)
  zsh:  eval "$(dockswab completion zsh)"              (in ~/.zshrc, after compinit)
  fish: dockswab completion fish > ~/.config/fish/completions/dockswab.fish`;

/** The one operand when it is one of `choices`; null for anything else, or for more operands. */
function onlyChoice<T extends string>(operands: readonly string[], choices: readonly T[]): T | null {
	return operands.length === 1 ? (choices.find(choice => choice === operands[0]) ?? null) : null;
}

/** Each subcommand: its help, its own options, and how its tokens become options. */
const commands: Record<string, Command> = {
	login: {
		help: loginHelp,
		usage: `${loginUsage}\nSee \`dockswab login --help\`.`,
		options: {username: {type: 'string', short: 'u'}, 'password-stdin': {type: 'boolean'}, password: {type: 'string', short: 'p', refused: true}},
		positionals: true,
		build(values, servers, connection) {
			if (values.password !== undefined) return 'a password is never taken on the command line (other users can read it in ps); use --password-stdin';
			if (typeof values.username !== 'string') return 'login needs --username';
			if (values['password-stdin'] !== true) return 'login needs --password-stdin (or press l in the registries pane)';
			if (servers.length > 1) return 'login takes one server';
			return {kind: 'login', ...connection, server: servers[0] ?? dockerHub, username: values.username};
		},
	},
	logout: {
		help: logoutHelp,
		usage: `${logoutUsage}\nSee \`dockswab logout --help\`.`,
		options: {},
		positionals: true,
		build: (_values, servers, connection) => (servers.length > 1 ? 'logout takes one server' : {kind: 'logout', ...connection, server: servers[0] ?? dockerHub}),
	},
	plan: {
		help: planHelp,
		usage: `${planUsage}\nSee \`dockswab plan --help\`.`,
		options: selectorOptions,
		positionals: true,
		operands: 'images',
		build(values, references, connection) {
			const chosen = selection('plan', values, references);
			return typeof chosen === 'string' ? chosen : {kind: 'plan', ...connection, ...chosen};
		},
	},
	clean: {
		help: cleanHelp,
		usage: `${cleanUsage}\nSee \`dockswab clean --help\`.`,
		options: {...selectorOptions, yes: {type: 'boolean', short: 'y'}},
		positionals: true,
		operands: 'images',
		build(values, references, connection) {
			const chosen = selection('clean', values, references);
			return typeof chosen === 'string' ? chosen : {kind: 'clean', ...connection, ...chosen, yes: values.yes === true};
		},
	},
	layers: {
		help: layersHelp,
		usage: `${layersUsage}\nSee \`dockswab layers --help\`.`,
		options: {json: {type: 'boolean'}, top: {type: 'string'}, 'max-wasted': {type: 'string'}, 'min-efficiency': {type: 'string'}},
		positionals: true,
		operands: 'images',
		build(values, references, connection) {
			if (references.length !== 1) return 'layers takes one image';
			const top = values.top === undefined ? '10' : String(values.top);
			if (!/^\d+$/.test(top)) return '--top needs a whole number, such as --top 20';
			let maxWastedBytes: number | null = null;
			if (values['max-wasted'] !== undefined) {
				maxWastedBytes = parseSize(String(values['max-wasted']));
				if (maxWastedBytes === null) return '--max-wasted needs a size such as 10MB or 1GiB';
			}
			let minEfficiency: number | null = null;
			if (values['min-efficiency'] !== undefined) {
				minEfficiency = parseEfficiency(String(values['min-efficiency']));
				if (minEfficiency === null) return '--min-efficiency needs a fraction from 0 to 1 (0.95) or a percentage (95%)';
			}
			return {kind: 'layers', ...connection, reference: references[0]!, json: values.json === true, top: Number(top), maxWastedBytes, minEfficiency};
		},
	},
	diff: {
		help: diffHelp,
		usage: `${diffUsage}\nSee \`dockswab diff --help\`.`,
		options: {json: {type: 'boolean'}},
		positionals: true,
		operands: 'images',
		build(values, references, connection) {
			if (references.length !== 2) return 'diff takes two images: before, then after';
			return {kind: 'diff', ...connection, before: references[0]!, after: references[1]!, json: values.json === true};
		},
	},
	plugin: {
		help: pluginHelp,
		usage: `${pluginUsage}\nSee \`dockswab plugin --help\`.`,
		options: {},
		positionals: true,
		operands: pluginActions,
		build(_values, operands) {
			const action = onlyChoice(operands, pluginActions);
			return action ? {kind: 'plugin', action} : `plugin takes one of: ${pluginActions.join(', ')}`;
		},
	},
	completion: {
		help: completionHelp,
		usage: `${completionUsage}\nSee \`dockswab completion --help\`.`,
		options: {},
		positionals: true,
		operands: completionShells,
		build(_values, operands) {
			const shell = onlyChoice(operands, completionShells);
			return shell ? {kind: 'completion', shell} : `completion takes one of: ${completionShells.join(', ')}`;
		},
	},
	__complete: {
		help: 'Usage: dockswab __complete images|contexts [PREFIX]',
		usage: 'Usage: dockswab __complete images|contexts [PREFIX]',
		options: {},
		positionals: true,
		hidden: true,
		build(_values, operands, connection) {
			const what = onlyChoice(operands.slice(0, 1), completionTopics);
			if (!what || operands.length > 2) return `__complete takes one of ${completionTopics.join(', ')}, then a prefix`;
			return {kind: 'complete', ...connection, what, prefix: operands[1] ?? ''};
		},
	},
	[completeLineCommand]: {
		help: `Usage: dockswab ${completeLineCommand} -- WORD... CURRENT`,
		usage: `Usage: dockswab ${completeLineCommand} -- WORD... CURRENT`,
		options: {},
		positionals: true,
		hidden: true,
		build: (_values, typed) => ({kind: 'complete-line', typed}),
	},
	[pluginMetadataCommand]: {
		help: `Usage: dockswab ${pluginMetadataCommand}`,
		usage: `Usage: dockswab ${pluginMetadataCommand}`,
		options: {},
		positionals: false,
		hidden: true,
		build: () => ({kind: 'plugin-metadata'}),
	},
};

const run: Command = {help: mainHelp, usage: `${mainUsage}\nSee \`dockswab --help\`.`, options: {}, positionals: false, build: (_values, _positionals, connection) => ({kind: 'run', ...connection})};

/** What is wrong with an option as written, in one line; `undefined` when nothing is. */
function problem(token: {rawName: string; name: string; value?: string; inlineValue?: boolean}, spec: OptionSpec | undefined): string | undefined {
	if (!spec) return `unknown option "${token.rawName}"`;
	if (spec.type === 'boolean') return token.value === undefined ? undefined : `${token.rawName} takes no value`;
	// parseArgs (non-strict) takes the next argument as the value even when it is an option, so
	// `-H --json` would connect to "--json"; a value starting with "-" must be written --host=-x.
	if (!token.value || (!token.inlineValue && token.value.startsWith('-'))) return `${token.rawName} needs a value`;
	return undefined;
}

/**
 * Walks argv in order: the first help, version or mistake decides, as one would read the line.
 * Returns the options, the operands, or the outcome that ends parsing.
 */
function walk(argv: readonly string[], command: Command, values: Values): {positionals: string[]} | {done: CliOptions} {
	const options = {...connectionOptions, ...command.options};
	// strict: false only so that the checks (and their messages) are ours: every token is checked below.
	const {tokens} = splitArgs({args: [...argv], options, strict: false, allowPositionals: true, tokens: true});
	const positionals: string[] = [];
	for (const token of tokens) {
		if (token.kind === 'option-terminator') continue;
		if (token.kind === 'positional') {
			if (!command.positionals) return {done: {kind: 'error', message: `unexpected argument "${token.value}"`, usage: command.usage}};
			positionals.push(token.value);
			continue;
		}
		const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
		let mistake = problem(token, spec);
		const written = argv[token.index]!;
		// `-weird-name` is read as -w -e -i ...: name the argument as it was written, too.
		if (mistake && !spec && !written.startsWith('--') && written !== token.rawName) mistake += ` in "${written}"`;
		if (mistake) return {done: {kind: 'error', message: mistake, usage: command.usage}};
		if (token.name === 'help') return {done: {kind: 'help', text: command.help}};
		if (token.name === 'version') return {done: {kind: 'version'}};
		const previous = values[token.name];
		values[token.name] = spec!.multiple ? [...(Array.isArray(previous) ? previous : []), token.value!] : (token.value ?? true);
	}
	return {positionals};
}

export function parseArgs(argv: readonly string[]): CliOptions {
	// The command is the first operand before any `--`; connection options may come before it.
	const {tokens} = splitArgs({args: [...argv], options: connectionOptions, strict: false, allowPositionals: true, tokens: true});
	const first = tokens.find(token => token.kind !== 'option');
	const named = first?.kind === 'positional' ? first : undefined;
	const values: Values = {};
	if (named) {
		const before = walk(argv.slice(0, named.index), run, values);
		if ('done' in before) return before.done;
		if (!Object.hasOwn(commands, named.value)) return {kind: 'error', message: `unknown command "${named.value}"`, usage: run.usage};
	}
	const command = named ? commands[named.value]! : run;
	const after = walk(named ? argv.slice(named.index + 1) : argv, command, values);
	if ('done' in after) return after.done;
	// As the docker CLI: an engine named twice over is a mistake, not a choice to guess at.
	if (typeof values.context === 'string' && Array.isArray(values.host)) return {kind: 'error', message: 'conflicting options: cannot specify both --host and --context', usage: command.usage};
	const connection: Connection = {};
	if (typeof values.context === 'string') connection.context = values.context;
	if (Array.isArray(values.host)) connection.host = values.host.at(-1)!;
	const options = command.build(values, after.positionals, connection);
	return typeof options === 'string' ? {kind: 'error', message: options, usage: command.usage} : options;
}

/** An option as a completion script offers it: `--name` and `-x` forms, and whether a value follows. */
export type CompletionOption = {readonly long: string; readonly short?: string; readonly takesValue: boolean; readonly choices?: readonly string[]};

/** A command as completion scripts know it; the command named '' is dockswab alone (the UI). */
export type CompletionCommand = {readonly name: string; readonly options: readonly CompletionOption[]; readonly operands: readonly string[] | 'images'};

function completionOptions(options: Record<string, OptionSpec>): CompletionOption[] {
	return Object.entries(options)
		.filter(([, spec]) => !spec.refused)
		.map(([name, spec]) => ({long: `--${name}`, ...(spec.short ? {short: `-${spec.short}`} : {}), takesValue: spec.type === 'string', ...(spec.choices ? {choices: spec.choices} : {})}));
}

/** Every command users type, from the same table the parser reads, so completions cannot drift from it. */
export function completionCommands(): CompletionCommand[] {
	const visible = Object.entries(commands).filter(([, command]) => !command.hidden);
	return [
		{name: '', options: completionOptions(connectionOptions), operands: visible.map(([name]) => name)},
		...visible.map(([name, command]) => ({name, options: completionOptions({...connectionOptions, ...command.options}), operands: command.operands ?? []})),
	];
}
