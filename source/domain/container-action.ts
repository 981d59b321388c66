// What the containers dialog does to the containers it lists.
export type ContainerAction = 'remove' | 'stop' | 'start';
