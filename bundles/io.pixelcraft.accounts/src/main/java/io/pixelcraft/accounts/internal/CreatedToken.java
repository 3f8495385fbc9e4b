package io.pixelcraft.accounts.internal;

/** A new personal access token with its secret, which is shown to the user this one time. */
record CreatedToken(TokenRecord record, String secret) {
}
