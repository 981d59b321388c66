// One spec per pane, by pane: the mapped type makes a pane without a spec a compile error.
import type {ContainerRow} from '../../domain/container-rows';
import type {FleetRow} from '../../domain/fleet-rows';
import type {ImageRow} from '../../domain/image-rows';
import type {RegistryRow} from '../../state/selectors';
import type {PaneId} from '../../state/types';
import {containersSpec} from './containers-spec';
import {fleetSpec} from './fleet-spec';
import {imagesSpec} from './images-spec';
import type {PaneSpec} from './pane-spec';
import {registriesSpec} from './registries-spec';

export type RowOf = {images: ImageRow; containers: ContainerRow; registries: RegistryRow; fleet: FleetRow};

export const paneSpecs: {readonly [P in PaneId]: PaneSpec<RowOf[P]>} = {
	images: imagesSpec,
	containers: containersSpec,
	registries: registriesSpec,
	fleet: fleetSpec,
};
