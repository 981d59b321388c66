// Configuration files read at start are read only when they are small regular files: a FIFO in
// their place blocked the start, /dev/zero filled the memory (issue 28, item 8).
import {spawn, type ChildProcess, execFileSync} from 'node:child_process';
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {resolveEngineTarget} from '../../source/engine/target';
import {readRegistries} from '../../source/registry/config';
import {readDockerConfig} from '../../source/registry/credentials';
import {loadSettings} from '../../source/services/settings';
import {imageSorts} from '../../source/domain/image-rows';
import {keyConfigRules} from '../../source/ui/keymap';
import {tempDir} from '../fixtures/temp-dir';

const rules = {sorts: imageSorts, ...keyConfigRules};
const writers: ChildProcess[] = [];

afterEach(() => {
	for (const writer of writers.splice(0)) if (writer.exitCode === null) writer.kill();
});

/**
 * A FIFO at `path` with a writer waiting to send valid JSON: code that opens it as a file reads
 * that JSON (and takes it for a config), code that checks the file's type refuses it.
 */
function fifoWithWriter(path: string, text: string): void {
	execFileSync('mkfifo', [path]);
	const writer = spawn('sh', ['-c', 'printf %s "$1" > "$2"', 'sh', text, path], {stdio: 'ignore'});
	writers.push(writer);
}

/** The three odd shapes, each in place of a config file, with the words the refusal must say. */
const shapes: [string, (path: string, valid: string) => void, RegExp][] = [
	['a FIFO', (path, valid) => fifoWithWriter(path, valid), /is not a regular file/],
	['a link to /dev/null', path => symlinkSync('/dev/null', path), /is not a regular file/],
	['a file over 1 MiB', path => writeFileSync(path, `{}${' '.repeat(1024 * 1024)}`), /is larger than 1024 KiB/],
];

describe.each(shapes)('a config file that is %s', (_name, make, refusal) => {
	test("dockswab's settings file is refused with the path and why", () => {
		const home = tempDir('dsw-shape-');
		mkdirSync(join(home, 'dockswab'));
		const path = join(home, 'dockswab', 'config.json');
		make(path, '{"keep": 3}');
		const loaded = loadSettings({XDG_CONFIG_HOME: home}, rules);
		expect(loaded.ok).toBe(false);
		expect(loaded.ok ? '' : loaded.message).toMatch(refusal);
		expect(loaded.ok ? '' : loaded.message).toContain(path);
	});

	test('the docker config.json is refused for credentials, and ignored for the registries pane and the context', async () => {
		const configDir = tempDir('dsw-shape-');
		make(join(configDir, 'config.json'), '{"auths": {"reg.example:5000": {"auth": "YTpi"}}, "currentContext": "remote"}');
		await expect(readDockerConfig(configDir)).rejects.toThrow(refusal);
		expect(readRegistries(configDir)).toEqual([]);
		expect(resolveEngineTarget({DOCKER_CONFIG: configDir}).source).toBe('default');
	});
});
