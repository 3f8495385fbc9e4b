/**
 * User accounts and their credentials, for other bundles and the administration console.
 *
 * <p>{@link io.pixelcraft.api.account.AccountService} and
 * {@link io.pixelcraft.api.account.CredentialValidator} are provider types implemented by the
 * accounts bundle. {@link io.pixelcraft.api.account.RegistrationGate} is a consumer type that a
 * bundle implements to admit invited users when registration is invite-only, and
 * {@link io.pixelcraft.api.account.CredentialListener} one that a bundle implements to hear of
 * revoked credentials. A bundle that calls the services or implements a consumer type imports
 * this package with {@code [1.1,2.0)}. The accounts bundle imports it with {@code [1.1,1.2)},
 * because a minor version may add methods to provider types but never to consumer types.
 */
@Version("1.1.0")
@Export
package io.pixelcraft.api.account;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
