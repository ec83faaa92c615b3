/**
 * How a slice changes its own part of the store without knowing the rest of it: the store hands each
 * slice's actions an updater for that slice only.
 */
export type SliceUpdater<SliceState> = (change: (previous: SliceState) => SliceState) => void;
