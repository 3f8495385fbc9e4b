package io.pixelcraft.share.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Links, expiry limits and the invitation rate limit of sharing (PID {@code io.pixelcraft.share}). */
@ObjectClassDefinition(name = "PixelCraft sharing", description = "Share links, invitations and share pages.")
public @interface ShareConfig {

    @AttributeDefinition(name = "Public base URL", description = "Scheme, host and port that share links and invitation mails point to, without a trailing slash.")
    String publicBaseUrl() default "http://127.0.0.1:8181";

    @AttributeDefinition(name = "Maximum link lifetime (days)", description = "Upper bound for the expiry a caller may set on a share link; links without an expiry never expire.", min = "1")
    int maxExpiryDays() default 365;

    @AttributeDefinition(name = "Invitation lifetime (days)", description = "Expiry of the link in an invitation mail when the request sets none.", min = "1")
    int invitationExpiryDays() default 14;

    @AttributeDefinition(name = "Invitations per window", description = "Maximum invitations one user may send within the window; further requests get 429 with Retry-After.", min = "1")
    int invitationsPerWindow() default 20;

    @AttributeDefinition(name = "Invitation window (minutes)", description = "Length of the sliding window for the invitation limit.", min = "1")
    int invitationWindowMinutes() default 60;
}
