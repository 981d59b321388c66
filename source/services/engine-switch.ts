// The engine in use, and switching it: one session at a time. Everything the UI calls on the
// engine goes through here, so after a switch every pane, flow and operation talks to the new one.
import type {EngineClient} from '../engine/connect';
import {listDockerContexts} from '../engine/contexts';
import {ContextError, resolveEngineTarget, type EngineTarget} from '../engine/target';
import {dialogReport} from '../state/dialog-report';
import {activeOperationCount} from '../state/selectors';
import type {Store} from '../state/store';
import type {EngineChoice} from '../domain/engine-choice';
import type {ImageJobs} from './image-jobs';
import type {Session} from './session';

export type EngineSwitch = {
	readonly retry: () => void;
	readonly info: () => Promise<unknown> | null;
	readonly docker: () => EngineClient | null;
	readonly stop: () => void;
	readonly imageJobs: ImageJobs;
	/** Fills the open context switcher with the engines there are. */
	readonly loadContexts: () => void;
	/**
	 * Reconnects to a docker context, or to a URL given with --host. While operations run it
	 * asks first, unless `endOperations` says the user already agreed to end them.
	 */
	readonly switchEngine: (context: string, endOperations?: boolean) => void;
	/** The context (or --host URL) in use. */
	readonly current: () => string;
};

export type EngineSwitchOptions = {
	/** The environment without the --host override: the default context is what it says. */
	readonly env: NodeJS.ProcessEnv;
	/** The --host URL, offered next to the contexts. */
	readonly host?: string;
	readonly initial: {readonly name: string; readonly session: Session};
	readonly start: (target: EngineTarget) => Session;
	/** Cancels the operations still queued or running. */
	readonly endOperations: () => void;
};

/** The name under which a target is offered: its context, or default. */
export function contextNameOf(target: EngineTarget, host: string | undefined): string {
	if (host) return host;
	return target.source.startsWith('context ') ? target.source.slice('context '.length) : 'default';
}

const isUrl = (name: string) => name.includes('://');

export function engineChoices(env: NodeJS.ProcessEnv, host: string | undefined, current: string): EngineChoice[] {
	const contexts = listDockerContexts(env).map(context => ({
		name: context.name,
		host: context.target?.host ?? '',
		tls: Boolean(context.target?.tls.required || context.target?.host.startsWith('https://')),
		current: context.name === current,
		error: context.error,
	}));
	if (!host) return contexts;
	const target = resolveEngineTarget({...env, DOCKER_HOST: host});
	return [...contexts, {name: host, host, tls: target.tls.required, current: host === current, error: null}];
}

export function createEngineSwitch(store: Store, options: EngineSwitchOptions): EngineSwitch {
	let current = options.initial;

	const targetOf = (name: string): EngineTarget => (isUrl(name) ? resolveEngineTarget({...options.env, DOCKER_HOST: name}) : resolveEngineTarget(options.env, name));

	const switchEngine = (name: string, endOperations = false) => {
		if (name === current.name) {
			store.dispatch({type: 'message', message: {kind: 'info', text: `already on ${name}`}});
			return;
		}
		const active = activeOperationCount(store.getState());
		if (active > 0 && !endOperations) {
			store.dispatch({type: 'confirm-switch', name, active});
			return;
		}
		let target: EngineTarget;
		try {
			target = targetOf(name);
		} catch (error) {
			if (!(error instanceof ContextError)) throw error;
			store.dispatch({type: 'message', message: {kind: 'error', text: error.message}});
			return;
		}
		if (active > 0) options.endOperations();
		current.session.stop();
		store.dispatch({type: 'engine-switch', host: target.host, message: `switched to ${isUrl(name) ? name : `context ${name}`} (${target.host})`});
		current = {name, session: options.start(target)};
	};

	// Each call goes to the session of the moment, never to one captured before a switch.
	const imageJobs = new Proxy({} as ImageJobs, {
		get:
			(_target, property) =>
			(...args: unknown[]) =>
				(current.session.imageJobs[property as keyof ImageJobs] as (...values: unknown[]) => void)(...args),
	});

	return {
		retry: () => current.session.retry(),
		info: () => current.session.info(),
		docker: () => current.session.docker(),
		stop: () => current.session.stop(),
		imageJobs,
		loadContexts() {
			if (store.getState().dialog?.kind !== 'contexts') return;
			store.dispatch(dialogReport('contexts', {type: 'choices', choices: engineChoices(options.env, options.host, current.name)}));
		},
		switchEngine,
		current: () => current.name,
	};
}
