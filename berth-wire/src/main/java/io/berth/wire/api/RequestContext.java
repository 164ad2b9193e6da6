package io.berth.wire.api;

import io.berth.wire.sigv4.AuthorizationHeader;
import java.util.Optional;

/** Who asked and from where: the parsed SigV4 credential scope, if the request was signed. */
public record RequestContext(String requestId, Optional<AuthorizationHeader> authorization) {}
