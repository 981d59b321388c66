// Which service runs each effect a flow asks for: one row per effect type, checked by the
// compiler. `message` and `quit` are not work for a service: the router turns them into a store
// action and the end of the program.
import type {Effect} from '../../state/flows/flow';
import {paneSpecs} from '../panes/pane-specs';
import type {AppServices} from '../store-context';

export type ServiceEffect = Exclude<Effect, {readonly type: 'message' | 'quit'}>;
type EffectOf<T extends ServiceEffect['type']> = Extract<ServiceEffect, {readonly type: T}>;
type EffectHandler<T extends ServiceEffect['type']> = (effect: EffectOf<T>, services: AppServices) => void;

export const effectHandlers: {readonly [T in ServiceEffect['type']]: EffectHandler<T>} = {
	'open-pane': (effect, services) => paneSpecs[effect.pane].open(services),
	'run-removal': (effect, services) => services.imageJobs.runRemoval(effect.plan),
	'run-containers': (effect, services) => services.imageJobs.runContainerAction(effect.action, effect.containers, effect.forced),
	'run-tag': (effect, services) => services.imageJobs.runTag(effect.sources, effect.target),
	'prune-build-cache': (effect, services) => services.imageJobs.pruneBuildCache(effect.prune),
	'load-history': (effect, services) => services.imageJobs.loadHistory(effect.imageId),
	'load-platforms': (effect, services) => {
		services.imageJobs.loadPlatform(effect.imageId);
		services.registries.loadIndexPlatforms(effect.imageId);
	},
	'load-layers': (effect, services) => services.imageJobs.loadLayers(effect.targets, effect.images, effect.uniqueSizes),
	'read-layers': (effect, services) => services.imageJobs.readLayers(effect.imageId),
	'read-diff': (effect, services) => services.imageJobs.readDiff(effect.before, effect.after),
	'cancel-layers': (_effect, services) => services.imageJobs.cancelLayers(),
	'measure-disk': (_effect, services) => services.imageJobs.measureDisk(),
	login: (effect, services) => services.registries.login(effect.server, effect.username, effect.password),
	logout: (effect, services) => services.registries.logout(effect.server),
	'browse-repositories': (effect, services) => services.registries.loadRepositories(effect.server, effect.refresh),
	'browse-tags': (effect, services) => services.registries.loadTags(effect.server, effect.repository, effect.refresh),
	'remote-verify': (effect, services) => services.registries.verifyRemotePlan(effect.server, effect.plan),
	'remote-delete': (effect, services) => services.registries.deleteRemotePlan(effect.server, effect.plan),
	push: (effect, services) => services.transfers.push(effect.targets),
	pull: (effect, services) => services.transfers.pull(effect.reference),
	'pull-suggestions': (effect, services) => services.transfers.pullSuggestions(effect.repository),
	build: (effect, services) => services.transfers.build(effect.context, effect.dockerfile, effect.reference),
	'cancel-operation': (effect, services) => services.transfers.cancel(effect.id),
	release: (effect, services) => services.release.run(effect.job, effect.from),
	'fleet-refresh': (_effect, services) => services.fleet.refresh(),
	'fleet-keep-run': (effect, services) => services.fleet.runKeep(effect.plans),
	'load-contexts': (_effect, services) => services.engines.loadContexts(),
	'switch-engine': (effect, services) => services.engines.switchEngine(effect.context, effect.endOperations),
};

export function runEffect(effect: ServiceEffect, services: AppServices): void {
	// The row is the one for this effect's type; TypeScript cannot pair the two through the index.
	const handle = effectHandlers[effect.type] as EffectHandler<ServiceEffect['type']>;
	handle(effect, services);
}
