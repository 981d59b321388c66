// The fish completion script: one `complete` line per option and operand, each guarded by the
// subcommand it belongs to; fish itself tracks which subcommand is on the line.
import type {CompletionCommand} from '../cli-args';

function optionLine(condition: string, option: CompletionCommand['options'][number]): string {
	const short = option.short ? ` -s ${option.short.slice(1)}` : '';
	const choices = option.choices ? ` -x -a '${option.choices.join(' ')}'` : null;
	const value = option.long === '--context' ? " -x -a '(dockswab __complete contexts (commandline -ct) 2>/dev/null)'" : (choices ?? (option.takesValue ? ' -x' : ''));
	return `complete -c dockswab${condition}${short} -l ${option.long.slice(2)}${value}`;
}

export function fishScript(commands: readonly CompletionCommand[]): string {
	const [main, ...subcommands] = commands;
	const lines = ['# dockswab completion for fish. Install it with: dockswab completion fish > ~/.config/fish/completions/dockswab.fish', 'complete -c dockswab -f'];
	const everywhere = new Set(main!.options.map(option => option.long));
	for (const option of main!.options) lines.push(optionLine('', option));
	lines.push(`complete -c dockswab -n __fish_use_subcommand -a '${(main!.operands as readonly string[]).join(' ')}'`);
	for (const command of subcommands) {
		const condition = ` -n '__fish_seen_subcommand_from ${command.name}'`;
		for (const option of command.options) if (!everywhere.has(option.long)) lines.push(optionLine(condition, option));
		const operands = command.operands === 'images' ? "'(dockswab __complete images (commandline -ct) 2>/dev/null)'" : `'${command.operands.join(' ')}'`;
		if (command.operands.length > 0) lines.push(`complete -c dockswab${condition} -a ${operands}`);
	}
	return `${lines.join('\n')}\n`;
}
