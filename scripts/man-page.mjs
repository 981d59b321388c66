// Writes the man page, dockswab(1), from the program's own --help texts: the main help, then each
// command's, as the built program prints them, so that the page cannot say other than --help.
//
//   node scripts/man-page.mjs [dist/cli.js] [dist/dockswab.1]
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';

const [cli = 'dist/cli.js', out = 'dist/dockswab.1'] = process.argv.slice(2);
const run = (...args) => execFileSync(process.execPath, [cli, ...args], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}}).replace(/\n+$/, '');

/** Text as roff shows it, line for line: backslashes escaped, no line read as a request. */
const literal = text => ['.nf', ...text.split('\n').map(line => line.replace(/\\/g, '\\e').replace(/^([.'])/, '\\&$1')), '.fi'].join('\n');

const main = run('--help');
const [synopsis, ...rest] = main.split('\n\n');
const description = rest.join('\n\n');
// The commands the main help lists, in its order.
const commands = [...(description.split('\nCommands:\n')[1] ?? '').split('\n\n')[0].matchAll(/^ {2}([a-z][a-z-]*) /gm)].map(match => match[1]);
if (commands.length === 0) throw new Error('man-page: no commands found in the main --help');
const summary = rest[0].replace(/\.$/, '');

const page = [
	`.TH DOCKSWAB 1 "" "dockswab ${run('--version')}" "User Commands"`,
	'.SH NAME',
	`dockswab \\- ${summary.charAt(0).toLowerCase()}${summary.slice(1)}`,
	'.SH SYNOPSIS',
	literal(synopsis),
	'.SH DESCRIPTION',
	literal(description),
	'.SH COMMANDS',
	...commands.flatMap(command => [`.SS dockswab ${command}`, literal(run(command, '--help'))]),
	'.SH SEE ALSO',
	'docker(1)',
	'',
].join('\n');
writeFileSync(out, page);
