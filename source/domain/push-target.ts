// What a push is asked for: a reference, pinned to the image it was chosen on.
/** A reference to push and the image the user chose it on: the push runs against that image. */
export type PushTarget = {readonly imageId: string; readonly reference: string};
