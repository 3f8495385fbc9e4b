package io.pixelcraft.accounts.internal;

/**
 * The result of a successful sign-in or registration: the new session and the two secrets that
 * go to the browser once and are stored only as hashes.
 */
record SignIn(UserRecord user, SessionRecord session, String sessionSecret, String csrfToken) {
}
