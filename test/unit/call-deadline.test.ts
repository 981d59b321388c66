// Engine calls against a loopback engine that accepts requests and never answers some of them.
import type {Readable} from 'node:stream';
import {afterEach, expect, test} from 'vitest';
import {EngineTimeoutError} from '../../source/engine/call-deadline';
import {describeConnectionError, pinnedEngine} from '../../source/engine/connect';
import type {EngineTarget} from '../../source/engine/target';
import {startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';

let engine: FakeEngine | null = null;

afterEach(async () => {
	await engine?.close();
	engine = null;
});

const version = {Version: '26.1.4', ApiVersion: '1.45', MinAPIVersion: '1.24'};

test('a call the engine never answers fails with a timeout that names it, while the event stream stays open', async () => {
	// /info, DELETE and stop are accepted and never answered.
	engine = await startFakeEngine({route: (request, path) => path === '/info' || request.method === 'DELETE' || path.endsWith('/stop')});
	const target: EngineTarget = {host: engine.host, source: 'DOCKER_HOST', tls: {required: false, skipVerify: false, ca: null, cert: null, key: null, origin: 'DOCKER_CERT_PATH'}};
	const {docker} = pinnedEngine(target, version, 300);
	const events = (await docker.getEvents()) as unknown as Readable;
	const failureOf = (call: Promise<unknown>) =>
		call.then(
			() => null,
			(error: unknown) => error,
		);
	const [info, removal, stop] = await Promise.all([failureOf(docker.info()), failureOf(docker.getImage('app:1.0').remove()), failureOf(docker.getContainer('web-1').stop())]);
	expect(info).toBeInstanceOf(EngineTimeoutError);
	expect((info as Error).message).toBe('the engine did not answer GET /info within 0.3 s');
	expect(describeConnectionError(target, info).error).toBe(`No answer from ${engine.host} (from DOCKER_HOST) within 0.3 s.`);
	// An image delete waits behind the others on a large containerd store: it is given longer too.
	expect((removal as Error).message).toBe('the engine did not answer DELETE /images/app:1.0 within 3 s');
	// A stop waits out the container's own stop timeout on the engine: it is given longer.
	expect((stop as Error).message).toBe('the engine did not answer POST /containers/web-1/stop within 3 s');
	// The calls waited out their deadlines; the stream opened before them is still there.
	expect(events.destroyed).toBe(false);
	expect(engine.requests).toContain('/events');
	events.destroy();
});
