// The full-screen UI: loaded by cli.tsx after the first frame is on screen (or while the engine is
// still answering), so that React, Ink, yoga and dockerode never delay the first rows.
import {appendFileSync} from 'node:fs';
import {render, type Instance} from 'ink';
import {Component, type ReactNode} from 'react';
import type {CliOptions} from '../cli-args';
import {firstContactOf} from '../engine/early-contact';
import type {EngineTarget} from '../engine/target';
import {logError} from '../services/log';
import {startSession} from '../services/session';
import {createRegistryActions} from '../services/registries';
import {contextNameOf, createEngineSwitch} from '../services/engine-switch';
import {createOperationRunner} from '../services/operations';
import {createTransferActions} from '../services/transfers';
import {createReleaseActions} from '../services/release';
import {createFleetActions} from '../services/fleet';
import {catalogPageSize, registryOptions} from '../services/registry-options';
import type {Store} from '../state/store';
import {App} from '../ui/app';
import {AppContext} from '../ui/store-context';
import type {FrameWriter} from '../terminal/frame-writer';
import type {Theme} from '../ui/theme';
import type {FirstLists} from '../engine/first-lists';
import {beforeTerminalRelease, crash, quit} from '../terminal/terminal';
import {isActiveOperation} from '../state/selectors';
import {InjectedRenderFault, renderFaultRequested} from './injected-fault';

type RenderCrashProps = {onCrash: (error: unknown) => void; children: ReactNode};

/**
 * Catches an error thrown while drawing. Ink's own boundary would draw a stack trace on the
 * screen; this one draws nothing and hands the error to the crash path.
 */
class RenderCrashBoundary extends Component<RenderCrashProps, {crashed: boolean}> {
	override state = {crashed: false};

	static getDerivedStateFromError(): {crashed: boolean} {
		return {crashed: true};
	}

	override componentDidCatch(error: unknown): void {
		this.props.onCrash(error);
	}

	override render(): ReactNode {
		return this.state.crashed ? null : this.props.children;
	}
}

/** For `npm run bench`: one JSON line per frame with Ink's render time, when DOCKSWAB_RENDER_LOG names a file. */
function renderLogger(file: string | undefined): ((metrics: {renderTime: number}) => void) | undefined {
	if (!file) return undefined;
	return metrics => appendFileSync(file, `${JSON.stringify({renderTime: metrics.renderTime, at: Math.round(performance.now())})}\n`);
}

export type TuiStart = {
	readonly options: Extract<CliOptions, {kind: 'run'}>;
	readonly env: NodeJS.ProcessEnv;
	readonly target: EngineTarget;
	readonly configDir: string;
	/** The store the first frame was drawn from (settings, registries and, when they came in time, the lists). */
	readonly store: Store;
	readonly theme: Theme;
	/** The terminal writer, which knows the lines already on screen. */
	readonly frames: FrameWriter;
	/** The first lists: answered already, still under way, or failed (the session says why). */
	readonly firstLists: {value: FirstLists} | {pending: Promise<FirstLists>};
};

export function runTui({options, env, target, configDir, store, theme, frames, firstLists}: TuiStart): void {
	// Nothing may write over the screen: stray console output from a library goes to the log file.
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = (...args: unknown[]) => logError(`console.${method}`, args.map(String).join(' '));
	const firstContact = 'value' in firstLists ? firstContactOf(target, firstLists.value) : firstLists.pending.then(lists => firstContactOf(target, lists));
	// The engine, once connected, says which registries it reaches over plain HTTP.
	let engineInfo: () => Promise<unknown> | null = () => null;
	const registrySettings = registryOptions(env, () => engineInfo());
	const runner = createOperationRunner(store);
	const session = createEngineSwitch(store, {
		env: process.env,
		host: options.host,
		initial: {name: contextNameOf(target, options.host), session: startSession(store, target, configDir, firstContact, registrySettings)},
		start: next => startSession(store, next, configDir, undefined, registrySettings),
		endOperations() {
			for (const operation of store.getState().operations) if (isActiveOperation(operation)) runner.cancel(operation.id);
		},
	});
	engineInfo = session.info;

	// Every way out goes through releaseTerminal: q, signals, a crash anywhere, an error while drawing.
	let instance: Instance | undefined;
	beforeTerminalRelease(() => {
		// Ink's last frame goes to the alternate screen, so it unmounts before that screen is left.
		session.stop();
		instance?.unmount();
	});
	const transfers = createTransferActions(store, runner, session.docker, configDir, registrySettings);
	const registries = createRegistryActions(store, configDir, registrySettings, catalogPageSize(env));
	const release = createReleaseActions(store, runner, session.docker, configDir);
	const fleet = createFleetActions(store, {env, hosts: options.host ? [options.host] : []});
	const services = {retry: () => session.retry(), quit: (code?: number) => quit(code ?? 0), imageJobs: session.imageJobs, registries, transfers, release, fleet, engines: session};
	const renderCrash = crash('render', 'could not draw the screen');
	instance = render(
		// The boundary is called inside React's commit: the crash (which unmounts) waits until it is over.
		<RenderCrashBoundary onCrash={error => setImmediate(renderCrash, error)}>
			<AppContext.Provider value={{store, theme, services}}>
				<App />
				{renderFaultRequested(env) ? <InjectedRenderFault /> : null}
			</AppContext.Provider>
		</RenderCrashBoundary>,
		// debug: Ink hands each whole frame to the FrameWriter, which sends only the changed lines.
		{stdout: frames as unknown as NodeJS.WriteStream, debug: true, exitOnCtrlC: false, patchConsole: false, onRender: renderLogger(env.DOCKSWAB_RENDER_LOG)},
	);
	// Errors Ink catches itself (outside the boundary) end its instance with an error.
	instance.waitUntilExit().catch(renderCrash);
}
