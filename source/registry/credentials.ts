/** A secret as the docker CLI keeps it: user + password, or an identity token (username '<token>'). */
export type Credential = {readonly username: string; readonly secret: string; readonly identityToken?: boolean};
