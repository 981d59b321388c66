import {Box, Text} from 'ink';
import {fit} from '../../domain/format';
import {listHeight} from '../../state/selectors';
import {useApp, useStoreState} from '../store-context';

export function RegistriesPane() {
	const {theme} = useApp();
	const registries = useStoreState(state => state.registries);
	const configPath = useStoreState(state => state.configPath);
	const height = useStoreState(listHeight);
	const width = useStoreState(state => state.viewport.columns);
	const serverWidth = Math.max(20, width - 2 - 20 - 20 - 2);
	return (
		<Box flexDirection="column" height={height + 1}>
			<Text bold wrap="truncate">{`  ${fit('REGISTRY', serverWidth)} ${fit('USER', 20)} ${fit('CREDENTIALS', 20)}`}</Text>
			{registries.slice(0, height - 1).map(registry => (
				<Text key={registry.server} wrap="truncate">
					{`  ${fit(registry.server, serverWidth)} ${fit(registry.user ?? '-', 20)} ${fit(registry.store, 20)}`}
				</Text>
			))}
			{registries.length === 0 && <Text color={theme.muted}>{`  no registry logins in ${configPath || 'config.json'}`}</Text>}
		</Box>
	);
}
