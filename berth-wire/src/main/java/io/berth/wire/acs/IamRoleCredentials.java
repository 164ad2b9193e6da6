package io.berth.wire.acs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record IamRoleCredentials(
        String credentialsId,
        String roleArn,
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        String expiration,
        String credentialScope) {}
