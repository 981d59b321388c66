// Which registries a details view may ask about an image's digest: hosts named in its RepoDigests.
import {expect, test} from 'vitest';
import {digestPlaces} from '../../source/domain/digest-places';

const digest = `sha256:${'ab'.repeat(32)}`;

test.each([
	{name: 'a host-named digest is a place to ask', repoDigests: [`127.0.0.1:5000/multi/app@${digest}`], places: [{server: '127.0.0.1:5000', repository: 'multi/app', digest}]},
	{name: 'host-less and Docker Hub names are left out', repoDigests: [`d26/app@${digest}`, `docker.io/library/busybox@${digest}`], places: []},
	{
		name: 'the same place once, in the order given',
		repoDigests: [`reg.example:443/a@${digest}`, `127.0.0.1:5000/b@${digest}`, `reg.example:443/a@${digest}`],
		places: [
			{server: 'reg.example:443', repository: 'a', digest},
			{server: '127.0.0.1:5000', repository: 'b', digest},
		],
	},
	{name: 'what does not parse is skipped', repoDigests: ['not a reference', `127.0.0.1:5000/UPPER@${digest}`, '127.0.0.1:5000/app:1.0'], places: []},
])('$name', ({repoDigests, places}) => {
	expect(digestPlaces(repoDigests)).toEqual(places);
});
