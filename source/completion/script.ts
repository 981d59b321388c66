// `dockswab completion SHELL`: the script for that shell, from the parser's command table.
import {completionCommands, type CompletionShell} from '../cli-args';
import {bashScript} from './bash';
import {fishScript} from './fish';
import {zshScript} from './zsh';

const scripts: Record<CompletionShell, typeof bashScript> = {bash: bashScript, zsh: zshScript, fish: fishScript};

export function completionScript(shell: CompletionShell): string {
	return scripts[shell](completionCommands());
}
